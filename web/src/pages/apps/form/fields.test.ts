import { describe, expect, it } from 'vitest';
import type { AppInput } from '../types';
import {
  checkField,
  fieldLabel,
  initialValue,
  initialValues,
  isLongText,
  problemsByField,
  requestBody,
  sensitivityWords,
  toSubmission,
  valuesFromRun,
} from './fields';

function input(name: string, type: string, overrides: Partial<AppInput> = {}): AppInput {
  return { name, type, required: false, label: 'internal', ...overrides };
}

const claimInputs: AppInput[] = [
  input('claimant', 'string', { required: true, label: 'confidential/pii' }),
  input('claim_type', 'enum', { required: true, values: ['motor', 'home'] }),
  input('incident_date', 'date', { required: true }),
  input('amount', 'number'),
  input('passengers', 'integer', { default: 1 }),
  input('urgent', 'boolean'),
  input('description', 'string', { required: true }),
  input('document', 'file', { accept: ['application/pdf', 'text/plain'], max_bytes: 1024, max_size: '1 KB' }),
  input('extras', 'object'),
  input('tags', 'list', { items: 'string', default: ['new'] }),
];

describe('the form of an app', () => {
  it('labels fields from input names', () => {
    expect(fieldLabel('policy_number')).toBe('Policy number');
    expect(fieldLabel('claim-type')).toBe('Claim type');
  });

  it('gives long text a multi-line box by name or by description', () => {
    expect(isLongText(input('description', 'string'))).toBe(true);
    expect(isLongText(input('incident_notes', 'string'))).toBe(true);
    expect(isLongText(input('body', 'string'))).toBe(true);
    expect(isLongText(input('story', 'string', { description: "What happened, in the policyholder's words" }))).toBe(true);
    expect(isLongText(input('claimant', 'string', { description: "The policyholder's full name" }))).toBe(false);
    expect(isLongText(input('textual_id', 'string'))).toBe(false);
    expect(isLongText(input('description', 'enum'))).toBe(false);
  });

  it('starts each field from the default, written as the field shows it', () => {
    expect(initialValues(claimInputs)).toEqual({
      claimant: '',
      claim_type: null,
      incident_date: '',
      amount: '',
      passengers: 1,
      urgent: false,
      description: '',
      document: null,
      extras: '',
      tags: '[\n  "new"\n]',
    });
    expect(initialValue(input('kind', 'enum', { values: ['a', 'b'], default: 'b' }))).toBe('b');
    expect(initialValue(input('kind', 'enum', { values: ['a', 'b'], default: 'z' }))).toBeNull();
    expect(initialValue(input('on', 'boolean', { default: true }))).toBe(true);
  });

  it('refuses what is missing or not of its type, in words', () => {
    expect(checkField(claimInputs[0]!, '  ')).toEqual({ error: 'Fill this in: it is required.' });
    expect(checkField(claimInputs[1]!, null)).toEqual({ error: 'Choose one: this is required.' });
    expect(checkField(claimInputs[1]!, 'boat')).toEqual({ error: 'Choose one of: motor, home.' });
    expect(checkField(claimInputs[2]!, '2026-02-30')).toEqual({ error: 'Write a real date as YYYY-MM-DD, e.g. 2026-11-20.' });
    expect(checkField(claimInputs[2]!, '20/11/2026')).toHaveProperty('error');
    expect(checkField(claimInputs[2]!, '2026-11-20')).toEqual({ value: '2026-11-20' });
    expect(checkField(claimInputs[3]!, '12,5')).toHaveProperty('error');
    expect(checkField(claimInputs[3]!, 12.5)).toEqual({ value: 12.5 });
    expect(checkField(claimInputs[4]!, 2.5)).toEqual({ error: 'Write a whole number, without decimals.' });
    expect(checkField(claimInputs[4]!, '3')).toEqual({ value: 3 });
    expect(checkField(claimInputs[5]!, false)).toEqual({ value: false });
    expect(checkField(claimInputs[8]!, '{"a": ')).toEqual({ error: 'This is not valid JSON. Written as JSON, e.g. {"name": "value"}.' });
    expect(checkField(claimInputs[8]!, '[1]')).toHaveProperty('error');
    expect(checkField(claimInputs[8]!, '{"a": 1}')).toEqual({ value: { a: 1 } });
    expect(checkField(claimInputs[9]!, '{"a": 1}')).toHaveProperty('error');
    expect(checkField(claimInputs[9]!, '["a", 2]')).toEqual({ error: 'Every item must be text.' });
    expect(checkField(claimInputs[9]!, '["a", "b"]')).toEqual({ value: ['a', 'b'] });
  });

  it('checks a file against its kinds and size', () => {
    const document = claimInputs[7]!;
    expect(checkField(document, null)).toEqual({ omit: true });
    expect(checkField({ ...document, required: true }, null)).toEqual({ error: 'Add a file: this one is required.' });
    const small = new File(['hello'], 'claim.txt', { type: 'text/plain' });
    expect(checkField(document, small)).toEqual({ file: small });
    const big = new File(['x'.repeat(2048)], 'claim.txt', { type: 'text/plain' });
    expect(checkField(document, big)).toEqual({ error: '“claim.txt” is 2 KB, larger than the 1 KB this app accepts. Choose a smaller file.' });
    const zip = new File(['PK'], 'photos.zip', { type: 'application/zip' });
    expect(checkField(document, zip)).toHaveProperty('error', '“photos.zip” is not a kind of file this app accepts. Choose PDF or plain text.');
  });

  it('makes the request: inputs as JSON, optional empty fields left out, files as parts', () => {
    const file = new File(['hello'], 'claim.txt', { type: 'text/plain' });
    const values = {
      ...initialValues(claimInputs),
      claimant: 'Jane Doe',
      claim_type: 'motor',
      incident_date: '2026-11-20',
      description: 'A dent',
      document: file,
    };
    const submission = toSubmission(claimInputs, values);
    expect(submission.errors).toEqual({});
    expect(submission.inputs).toEqual({
      claimant: 'Jane Doe',
      claim_type: 'motor',
      incident_date: '2026-11-20',
      passengers: 1,
      urgent: false,
      description: 'A dent',
      tags: ['new'],
    });
    expect(submission.files).toEqual({ document: file });

    const body = requestBody(submission);
    expect(body).toBeInstanceOf(FormData);
    const form = body as FormData;
    expect(JSON.parse(form.get('inputs') as string)).toEqual(submission.inputs);
    expect((form.get('document') as File).name).toBe('claim.txt');

    expect(requestBody({ inputs: { a: 1 }, files: {} })).toEqual({ inputs: { a: 1 } });
  });

  it('collects every field that is not right, and sends nothing then', () => {
    const submission = toSubmission(claimInputs, initialValues(claimInputs));
    expect(Object.keys(submission.errors)).toEqual(['claimant', 'claim_type', 'incident_date', 'description']);
  });

  it('fills the form again from an earlier run, leaving files to choose anew', () => {
    const values = valuesFromRun(claimInputs, {
      claimant: 'Jane Doe',
      claim_type: 'motor',
      amount: 120,
      urgent: true,
      document: { id: 'f1', name: 'claim.txt' },
      extras: { a: 1 },
    });
    expect(values).toMatchObject({ claimant: 'Jane Doe', claim_type: 'motor', amount: 120, urgent: true, document: null, extras: '{\n  "a": 1\n}' });
  });

  it('names classifications in words, and not public ones', () => {
    expect(sensitivityWords('confidential/pii')).toBe('Confidential · personal data');
    expect(sensitivityWords('restricted/phi/pci')).toBe('Restricted · health data · payment card data');
    expect(sensitivityWords('internal')).toBe('Internal');
    expect(sensitivityWords('public')).toBeNull();
    expect(sensitivityWords('')).toBeNull();
  });

  it("puts the server's problems under their fields", () => {
    const mapped = problemsByField(claimInputs, {
      field: 'inputs',
      message: 'inputs: inputs.claimant: required, but not given (and 2 more)',
      problems: [
        { path: 'inputs.claimant', message: 'required, but not given' },
        { path: 'inputs.claim_type', message: "'boat' is not one of the choices: motor, home" },
        { path: 'inputs.ghost', message: 'not an input of this app' },
      ],
    });
    expect(mapped.byField).toEqual({ claimant: 'Required, but not given', claim_type: "'boat' is not one of the choices: motor, home" });
    expect(mapped.others).toEqual(['inputs.ghost: not an input of this app']);

    expect(problemsByField(claimInputs, { field: 'claimant', message: 'claimant: too long', problems: [] }).byField).toEqual({ claimant: 'Too long' });
    expect(
      problemsByField(claimInputs, { field: 'file', message: 'big.txt is 10.5 MB; document accepts files of at most 10 MB.', problems: [] }).byField,
    ).toEqual({ document: 'This file was refused: big.txt is 10.5 MB; document accepts files of at most 10 MB.' });
    expect(problemsByField(claimInputs, { field: undefined, message: 'Too many runs', problems: [] })).toEqual({ byField: {}, others: [] });
  });
});
