import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../api/errors';
import { run, step, triageSucceeded } from '../../../../test/runFixtures';
import { problemStep } from './DefinitionProblems';
import { canRerunFrom, runSteps, selectedFirst, stepStatuses } from './stepStatuses';
import { parseSize, testFileForm, testFileInput, uploadFailure, uploadInFlight } from './testFiles';
import { currentValues, startValue } from './testInputs';
import { isUnknownRerunField } from './testRunQueries';

describe('test inputs', () => {
  it('starts a field from its sample, written as the field shows it, else from its default', () => {
    expect(startValue({ type: 'string', default: 'x' }, 'VPN down')).toBe('VPN down');
    expect(startValue({ type: 'integer' }, 12)).toBe(12);
    expect(startValue({ type: 'boolean' }, true)).toBe(true);
    expect(startValue({ type: 'list' }, ['a'])).toBe('[\n  "a"\n]');
    expect(startValue({ type: 'string', default: 'x' }, undefined)).toBe('x');
    expect(startValue({ type: 'enum', values: ['a'] }, undefined)).toBeNull();
  });

  it('keeps what was typed, starts inputs added later and drops inputs removed', () => {
    const values = currentValues(
      { subject: { type: 'string' }, count: { type: 'integer', default: 3 } },
      { subject: 'typed', removed: 'gone' },
      { count: 7 },
    );
    expect(values).toEqual({ subject: 'typed', count: 7 });
  });

  it('starts a file input empty: its value is an upload id, which no sample or default is', () => {
    expect(startValue({ type: 'file' }, 'sample.pdf')).toBe('');
    expect(startValue({ type: 'file', default: 'x' }, undefined)).toBe('');
  });
});

describe('test files', () => {
  it('reads max_size as the server does: powers of 1024, else nothing to check in the browser', () => {
    expect(parseSize('10MB')).toBe(10 * 1024 * 1024);
    expect(parseSize(' 512 kb ')).toBe(512 * 1024);
    expect(parseSize('1GB')).toBe(1024 ** 3);
    expect(parseSize('300')).toBe(300);
    expect(parseSize('300B')).toBe(300);
    expect(parseSize('1.5MB')).toBeNull();
    expect(parseSize('0MB')).toBeNull();
    expect(parseSize('ten MB')).toBeNull();
    expect(parseSize('10TB')).toBeNull();
  });

  it('gives the drop zone the kinds and the largest size, 10 MB when the input does not say', () => {
    expect(testFileInput('invoice', { required: true, accept: ['application/pdf'], max_size: '5MB' })).toEqual({
      name: 'invoice',
      required: true,
      accept: ['application/pdf'],
      max_bytes: 5 * 1024 * 1024,
      max_size: '5 MB',
    });
    expect(testFileInput('scan', {})).toEqual({ name: 'scan', required: false, accept: null, max_bytes: 10 * 1024 * 1024, max_size: '10 MB' });
    expect(testFileInput('scan', { max_size: 'big' })).toMatchObject({ max_bytes: null, max_size: null });
  });

  it('sends the draft, the input and the file as the parts of the upload', () => {
    const file = new File(['hello'], 'claim.txt', { type: 'text/plain' });
    const form = testFileForm({ definition: 'name: x\n', input: 'evidence', file });
    expect(form.get('definition')).toBe('name: x\n');
    expect(form.get('input')).toBe('evidence');
    expect((form.get('file') as File).name).toBe('claim.txt');
  });

  it("says why an upload failed in the server's words, and hands the definition's problems on", () => {
    expect(uploadFailure(new ApiError('invalid_input', 'file: claim.txt is empty', 422, { field: 'file' }), 'claim.txt').message).toBe('claim.txt is empty');
    expect(uploadFailure(new ApiError('invalid_input', "input: the input 'x' takes string, not a file", 422, { field: 'input' }), 'a.pdf').message).toBe(
      "The input 'x' takes string, not a file",
    );
    expect(uploadFailure(new ApiError('forbidden', 'you may not try workflows here', 403), 'a.pdf').message).toBe('You may not try workflows here');
    const problems = [{ path: 'steps[0].uses', message: "unknown step kind 'brnch'" }];
    const definition = uploadFailure(new ApiError('invalid_input', 'definition: 1 problem', 422, { field: 'definition', problems }));
    expect(definition.definitionProblems).toEqual(problems);
    expect(definition.message).toMatch(/problems to fix/);
    expect(uploadFailure(new TypeError('Failed to fetch')).message).toMatch(/could not be reached/);
  });

  it('waits only for uploads of inputs still in the workflow', () => {
    const files = { gone: { uploaded: null, uploading: { name: 'a.pdf', size: 1 } }, kept: { uploaded: null, uploading: null } };
    expect(uploadInFlight(files, ['kept'])).toBe(false);
    expect(uploadInFlight(files, ['kept', 'gone'])).toBe(true);
  });
});

describe('step statuses', () => {
  it('gives every top-level step a status in written order, not_started without a record', () => {
    const halfway = run({ status: 'running', steps: [step('kind'), step('urgency', { status: 'running' })] });
    expect(runSteps(halfway).map((s) => s.id)).toEqual(['kind', 'urgency', 'route', 'page_oncall', 'queue_ticket']);
    expect(stepStatuses(runSteps(halfway))).toEqual({
      kind: 'succeeded',
      urgency: 'running',
      route: 'not_started',
      page_oncall: 'not_started',
      queue_ticket: 'not_started',
    });
    expect(stepStatuses(runSteps(triageSucceeded)).queue_ticket).toBe('skipped');
  });

  it('moves the selected step first and leaves the order otherwise', () => {
    const steps = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(selectedFirst(steps, 'c').map((s) => s.id)).toEqual(['c', 'a', 'b']);
    expect(selectedFirst(steps, 'missing').map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(selectedFirst(steps, null).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('offers a re-run from steps that ran, once the run has ended', () => {
    expect(canRerunFrom('succeeded', true)).toBe(true);
    expect(canRerunFrom('failed', true)).toBe(true);
    expect(canRerunFrom('skipped', true)).toBe(false);
    expect(canRerunFrom('not_started', true)).toBe(false);
    expect(canRerunFrom('succeeded', false)).toBe(false);
  });
});

describe('definition problems', () => {
  it('finds the step a problem is in', () => {
    expect(problemStep('steps[1].with.prompt', ['a', 'b'])).toBe('b');
    expect(problemStep('steps[5].uses', ['a', 'b'])).toBeNull();
    expect(problemStep('inputs.subject', ['a'])).toBeNull();
  });
});

describe('re-run support', () => {
  it('recognises a server that does not know the field', () => {
    const old = new ApiError('invalid_json', 'The body does not have the expected shape: unknown field `rerun`, expected `definition` or `inputs`', 400);
    expect(isUnknownRerunField(old)).toBe(true);
    expect(isUnknownRerunField(new ApiError('invalid_input', 'unknown field', 422, { field: 'rerun' }))).toBe(true);
    expect(isUnknownRerunField(new ApiError('invalid_input', 'rerun.from_step: no such step in run r-1', 422, { field: 'rerun' }))).toBe(false);
    expect(isUnknownRerunField(new ApiError('forbidden', 'unknown field `rerun`', 403))).toBe(false);
    expect(isUnknownRerunField(new Error('unknown field `rerun`'))).toBe(false);
  });
});
