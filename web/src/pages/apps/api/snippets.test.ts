import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../api/schema.gen';
import {
  curlSnippet,
  exampleInputs,
  exampleValue,
  filePlaceholder,
  javascriptSnippet,
  JAVASCRIPT_VERIFY,
  openApiUrl,
  pythonLiteral,
  pythonSnippet,
  runUrl,
  shellQuote,
  targetOf,
  type SnippetTarget,
} from './snippets';

type AppInput = components['schemas']['AppInput'];
type AppDetail = components['schemas']['AppDetail'];

function input(name: string, type: string, overrides: Partial<AppInput> = {}): AppInput {
  return { name, type, required: false, label: 'internal', ...overrides };
}

const TRIAGE: SnippetTarget = {
  origin: 'https://paddock.example.com',
  workspace: 'it-service-desk',
  app: 'ticket-triage',
  inputs: [input('subject', 'string', { required: true }), input('body', 'string', { required: true })],
};

describe('API snippets', () => {
  it('gives each type of input an example value, its default when it has one', () => {
    expect(exampleValue(input('subject', 'string'))).toBe('Example subject');
    expect(exampleValue(input('policy_number', 'string'))).toBe('Example policy number');
    expect(exampleValue(input('amount', 'number'))).toBe(1.5);
    expect(exampleValue(input('count', 'integer'))).toBe(1);
    expect(exampleValue(input('urgent', 'boolean'))).toBe(true);
    expect(exampleValue(input('kind', 'enum', { values: ['motor', 'home'] }))).toBe('motor');
    expect(exampleValue(input('on', 'date'))).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(exampleValue(input('tags', 'list', { items: 'string' }))).toEqual(['Example tags']);
    expect(exampleValue(input('extra', 'object'))).toEqual({});
    expect(exampleValue(input('evidence', 'file'))).toBe('FILE_ID_OF_EVIDENCE');
    expect(exampleValue(input('priority', 'enum', { values: ['low', 'high'], default: 'high' }))).toBe('high');
    expect(exampleValue(input('limit', 'integer', { default: 0 }))).toBe(0);
    expect(exampleInputs(TRIAGE.inputs)).toEqual({ subject: 'Example subject', body: 'Example body' });
  });

  it('builds the URLs from the app, pinning the environment only when asked', () => {
    const app = { workspace: 'claims', name: 'claim-intake', inputs: [] } as unknown as AppDetail;
    expect(runUrl(targetOf(app, 'https://p.example.com/'))).toBe('https://p.example.com/api/v1/apps/claims/claim-intake/runs?wait=30');
    expect(runUrl(targetOf(app, 'https://p.example.com', 'staging'))).toBe(
      'https://p.example.com/api/v1/apps/claims/claim-intake/runs?wait=30&environment=staging',
    );
    expect(openApiUrl(targetOf(app, 'https://p.example.com'))).toBe('https://p.example.com/api/v1/apps/claims/claim-intake/openapi.json');
  });

  it('writes curl with the key from the environment, an idempotency key, and the inputs as JSON', () => {
    const code = curlSnippet(TRIAGE);
    expect(code).toContain("curl -sS -X POST 'https://paddock.example.com/api/v1/apps/it-service-desk/ticket-triage/runs?wait=30'");
    expect(code).toContain('-H "Authorization: Bearer $PADDOCK_API_KEY"');
    expect(code).toContain("-H 'Idempotency-Key: ticket-triage-request-1'");
    const body = /--data '([\s\S]*)'$/.exec(code)?.[1];
    expect(JSON.parse(body ?? '')).toEqual({ inputs: { subject: 'Example subject', body: 'Example body' } });
  });

  it('quotes for the shell whatever the values hold', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const code = curlSnippet({ ...TRIAGE, inputs: [input('note', 'string', { default: "Bob's laptop" })] });
    expect(code).toContain(`"note": "Bob'\\''s laptop"`);
  });

  it('uploads files first for file inputs', () => {
    const target = { ...TRIAGE, inputs: [...TRIAGE.inputs, input('evidence', 'file', { required: true })] };
    const curl = curlSnippet(target);
    expect(curl).toContain("'https://paddock.example.com/api/v1/apps/it-service-desk/ticket-triage/files?input=evidence&interface=api'");
    expect(curl).toContain(`"evidence": "${filePlaceholder('evidence')}"`);
    expect(pythonSnippet(target)).toContain('"evidence": upload("evidence", "evidence.pdf"),');
    expect(javascriptSnippet(target)).toContain('"evidence": await upload("evidence", new Blob([/* the file\'s bytes */]), "evidence.pdf")');
  });

  it('writes Python with requests that waits, follows a 202 and reads the outputs', () => {
    const code = pythonSnippet(TRIAGE);
    expect(code).toContain('import requests');
    expect(code).toContain('APP = "/api/v1/apps/it-service-desk/ticket-triage"');
    expect(code).toContain('params={"wait": 30},');
    expect(code).toContain('"Idempotency-Key": str(uuid.uuid4())');
    expect(code).toContain('inputs = {\n    "subject": "Example subject",\n    "body": "Example body",\n}');
    expect(code).toContain('while run["status"] in ("queued", "running", "waiting"):');
    expect(code).toContain(`requests.get(f"{BASE}{run['url']}"`);
    expect(pythonSnippet({ ...TRIAGE, environment: 'staging' })).toContain('params={"wait": 30, "environment": "staging"},');
  });

  it('writes Python literals for any JSON', () => {
    expect(pythonLiteral({ a: true, b: null, c: [1, 'x'], d: {} })).toBe('{\n    "a": True,\n    "b": None,\n    "c": [\n        1,\n        "x",\n    ],\n    "d": {},\n}');
  });

  it('writes JavaScript with fetch that waits and follows a 202', () => {
    const code = javascriptSnippet(TRIAGE);
    expect(code).toContain('fetch(`${BASE}${APP}/runs?wait=30`');
    expect(code).toContain('"Idempotency-Key": crypto.randomUUID()');
    expect(code).toContain('const inputs = {\n  "subject": "Example subject",\n  "body": "Example body"\n};');
    expect(code).toContain('run = await answer(await fetch(`${BASE}${run.url}?wait=30`, { headers: AUTH }));');
  });

  it('verifies a callback signed as Paddock signs it, and refuses one tampered with or too old', async () => {
    // The verification snippet, loaded as a module.
    const source = JAVASCRIPT_VERIFY.replace('import { createHmac, timingSafeEqual } from "node:crypto";', '');
    const crypto = await import('node:crypto');
    const verify = new Function('createHmac', 'timingSafeEqual', 'Buffer', `${source.replace('export function', 'return function')}`)(
      crypto.createHmac,
      crypto.timingSafeEqual,
      Buffer,
    ) as (key: string, header: string, body: string) => boolean;
    const key = 'whsec_0123abcd';
    const body = '{"id":"r1","status":"succeeded"}';
    const now = Math.floor(Date.now() / 1000);
    const sign = (t: number, text: string) => `t=${t},v1=${createHmac('sha256', key).update(`${t}.${text}`).digest('hex')}`;
    expect(verify(key, sign(now, body), body)).toBe(true);
    expect(verify(key, sign(now, body), `${body} `)).toBe(false);
    expect(verify('whsec_other', sign(now, body), body)).toBe(false);
    expect(verify(key, sign(now - 3600, body), body)).toBe(false);
    expect(verify(key, 'garbage', body)).toBe(false);
  });
});
