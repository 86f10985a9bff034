import type { components } from '../../../api/schema.gen';

type Schemas = components['schemas'];
type AppDetail = Schemas['AppDetail'];
type AppInput = Schemas['AppInput'];

/** How long the snippets ask the server to wait for a run to end before it answers 202. */
export const WAIT_SECONDS = 30;

/** The environment variable the snippets read the API key from. */
export const KEY_VARIABLE = 'PADDOCK_API_KEY';

/** Where the app is, for the snippets. */
export interface SnippetTarget {
  /** The server's address, e.g. `https://paddock.example.com` (no trailing slash). */
  origin: string;
  workspace: string;
  app: string;
  /** Serve it from this environment rather than the last one it is published in; none for the default. */
  environment?: string | null;
  inputs: readonly AppInput[];
}

/** The target of an app as the API answered it, at `origin`. */
export function targetOf(app: AppDetail, origin: string, environment?: string | null): SnippetTarget {
  return { origin: origin.replace(/\/+$/, ''), workspace: app.workspace, app: app.name, environment: environment ?? null, inputs: app.inputs };
}

/** The app's path in the API: `/api/v1/apps/<workspace>/<app>`. */
export function appApiPath(workspace: string, app: string): string {
  return `/api/v1/apps/${encodeURIComponent(workspace)}/${encodeURIComponent(app)}`;
}

/** The URL runs are started at, with `?wait=` (and `&environment=` when one is pinned). */
export function runUrl(target: SnippetTarget): string {
  const query = new URLSearchParams({ wait: String(WAIT_SECONDS) });
  if (target.environment) query.set('environment', target.environment);
  return `${target.origin}${appApiPath(target.workspace, target.app)}/runs?${query.toString()}`;
}

/** The URL of the app's own OpenAPI document. */
export function openApiUrl(target: SnippetTarget): string {
  const query = target.environment ? `?environment=${encodeURIComponent(target.environment)}` : '';
  return `${target.origin}${appApiPath(target.workspace, target.app)}/openapi.json${query}`;
}

/** The URL a file for the file input `input` is uploaded to, before the run. */
export function uploadUrl(target: SnippetTarget, input: string): string {
  const query = new URLSearchParams({ input, interface: 'api' });
  if (target.environment) query.set('environment', target.environment);
  return `${target.origin}${appApiPath(target.workspace, target.app)}/files?${query.toString()}`;
}

/** The placeholder a file input takes in the JSON body until its file is uploaded. */
export function filePlaceholder(input: string): string {
  return `FILE_ID_OF_${input.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

function words(name: string): string {
  return name.replace(/[_-]+/g, ' ').trim();
}

/** A value of `type` that the input would take, for an example. */
function exampleOf(type: string, input: AppInput): unknown {
  switch (type) {
    case 'string':
      return `Example ${words(input.name)}`;
    case 'number':
      return 1.5;
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return input.values?.[0] ?? 'choice';
    case 'date':
      return '2026-01-31';
    case 'object':
      return {};
    case 'file':
      return filePlaceholder(input.name);
    case 'list':
      return input.items ? [exampleOf(input.items === 'list' ? 'string' : input.items, input)] : [];
    default:
      return `Example ${words(input.name)}`;
  }
}

/** The example value of one input: its default when it has one, else one of its type. */
export function exampleValue(input: AppInput): unknown {
  if (input.default !== undefined && input.default !== null && input.type !== 'file') return input.default;
  return exampleOf(input.type, input);
}

/** Every input with an example value, in the app's order. */
export function exampleInputs(inputs: readonly AppInput[]): Record<string, unknown> {
  return Object.fromEntries(inputs.map((input) => [input.name, exampleValue(input)]));
}

/** The file inputs, which are uploaded first. */
export function fileInputs(inputs: readonly AppInput[]): AppInput[] {
  return inputs.filter((input) => input.type === 'file');
}

/** The JSON body of a run, pretty-printed with `indent` spaces. */
export function runBody(inputs: readonly AppInput[], indent = 2): string {
  return JSON.stringify({ inputs: exampleInputs(inputs) }, null, indent);
}

/** `text` inside single quotes for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Indents every line but the first by `spaces`. */
function indentRest(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? line : `${pad}${line}`))
    .join('\n');
}

/** A JSON value as a Python literal. */
export function pythonLiteral(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 4);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${pythonLiteral(item, indent + 4)},`).join('\n')}\n${pad}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${pythonLiteral(item, indent + 4)},`).join('\n')}\n${pad}}`;
  }
  return JSON.stringify(String(value));
}

/** Starting a run with curl: uploads for file inputs first, then the run, waiting up to 30 seconds. */
export function curlSnippet(target: SnippetTarget): string {
  const lines: string[] = [`export ${KEY_VARIABLE}='pdk_…'   # your API key, from Settings → API keys`, ''];
  const files = fileInputs(target.inputs);
  if (files.length > 0) {
    lines.push('# Upload each file first; put the "id" it answers in place of its FILE_ID_OF_… below.');
    for (const input of files) {
      lines.push(`curl -sS -X POST ${shellQuote(uploadUrl(target, input.name))} \\`);
      lines.push(`  -H "Authorization: Bearer $${KEY_VARIABLE}" \\`);
      lines.push(`  -F 'file=@${input.name}.pdf'`);
    }
    lines.push('');
  }
  lines.push('# A new Idempotency-Key for each new request; sent again (a retry), it never starts a second run.');
  lines.push(`curl -sS -X POST ${shellQuote(runUrl(target))} \\`);
  lines.push(`  -H "Authorization: Bearer $${KEY_VARIABLE}" \\`);
  lines.push(`  -H 'Content-Type: application/json' \\`);
  lines.push(`  -H ${shellQuote(`Idempotency-Key: ${target.app}-request-1`)} \\`);
  lines.push(`  --data ${indentRest(shellQuote(runBody(target.inputs)), 2)}`);
  return lines.join('\n');
}

/** Following a run that answered 202, with curl. */
export function curlFollowSnippet(target: SnippetTarget): string {
  return [
    `# The answer was 202: the run goes on. Ask for it at its "url" until its status is`,
    '# succeeded, failed or cancelled (each ask waits up to 30 seconds for it to end).',
    `curl -sS "${target.origin}${appApiPath(target.workspace, target.app)}/runs/RUN_ID?wait=${WAIT_SECONDS}" \\`,
    `  -H "Authorization: Bearer $${KEY_VARIABLE}"`,
  ].join('\n');
}

/** Starting a run and following it to its end, in Python with `requests`. */
export function pythonSnippet(target: SnippetTarget): string {
  const files = fileInputs(target.inputs);
  const inputs = exampleInputs(target.inputs);
  const lines = [
    'import os',
    'import time',
    'import uuid',
    '',
    'import requests',
    '',
    `BASE = ${JSON.stringify(target.origin)}`,
    `APP = ${JSON.stringify(appApiPath(target.workspace, target.app))}`,
    `AUTH = {"Authorization": f"Bearer {os.environ['${KEY_VARIABLE}']}"}`,
  ];
  const environment = target.environment ? `, "environment": ${JSON.stringify(target.environment)}` : '';
  if (files.length > 0) {
    lines.push('', '', 'def upload(input_name, path):', '    """Uploads a file for a file input; its id is the input\'s value."""');
    lines.push('    with open(path, "rb") as file:');
    lines.push('        response = requests.post(');
    lines.push('            f"{BASE}{APP}/files",');
    lines.push(`            params={"input": input_name, "interface": "api"${environment}},`);
    lines.push('            headers=AUTH,');
    lines.push('            files={"file": file},');
    lines.push('            timeout=60,');
    lines.push('        )');
    lines.push('    response.raise_for_status()');
    lines.push('    return response.json()["id"]');
  }
  lines.push('', '');
  const literal = pythonLiteral(inputs);
  let body = literal;
  for (const input of files) {
    body = body.replace(JSON.stringify(filePlaceholder(input.name)), `upload(${JSON.stringify(input.name)}, ${JSON.stringify(`${input.name}.pdf`)})`);
  }
  lines.push(`inputs = ${body}`);
  lines.push('');
  lines.push('response = requests.post(');
  lines.push('    f"{BASE}{APP}/runs",');
  lines.push(`    params={"wait": ${WAIT_SECONDS}${environment}},`);
  lines.push('    # The same Idempotency-Key sent again (a retry) never starts a second run.');
  lines.push('    headers={**AUTH, "Idempotency-Key": str(uuid.uuid4())},');
  lines.push('    json={"inputs": inputs},');
  lines.push('    timeout=60,');
  lines.push(')');
  lines.push('response.raise_for_status()');
  lines.push('run = response.json()');
  lines.push('');
  lines.push('# 202: not ended yet. Follow its url until it ends (a run may also wait for an approval).');
  lines.push('while run["status"] in ("queued", "running", "waiting"):');
  lines.push('    if run["status"] == "waiting":');
  lines.push('        time.sleep(60)');
  lines.push(`    response = requests.get(f"{BASE}{run['url']}", params={"wait": ${WAIT_SECONDS}}, headers=AUTH, timeout=60)`);
  lines.push('    response.raise_for_status()');
  lines.push('    run = response.json()');
  lines.push('');
  lines.push('if run["status"] == "succeeded":');
  lines.push('    print(run["outputs"])');
  lines.push('else:');
  lines.push('    print("The run", run["status"] + ":", run.get("error"))');
  return lines.join('\n');
}

/** Starting a run and following it to its end, in JavaScript with `fetch` (Node 18+ or a browser). */
export function javascriptSnippet(target: SnippetTarget): string {
  const files = fileInputs(target.inputs);
  const environment = target.environment ? `&environment=${encodeURIComponent(target.environment)}` : '';
  const lines = [
    `const BASE = ${JSON.stringify(target.origin)};`,
    `const APP = ${JSON.stringify(appApiPath(target.workspace, target.app))};`,
    `const AUTH = { Authorization: \`Bearer \${process.env.${KEY_VARIABLE}}\` };`,
    '',
    'async function answer(response) {',
    '  const body = await response.json();',
    '  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);',
    '  return body;',
    '}',
  ];
  if (files.length > 0) {
    lines.push('');
    lines.push("// Uploads a file for a file input; its id is the input's value.");
    lines.push('async function upload(input, blob, name) {');
    lines.push('  const form = new FormData();');
    lines.push('  form.append("file", blob, name);');
    lines.push(
      `  const response = await fetch(\`\${BASE}\${APP}/files?input=\${encodeURIComponent(input)}&interface=api${environment}\`, { method: "POST", headers: AUTH, body: form });`,
    );
    lines.push('  return (await answer(response)).id;');
    lines.push('}');
  }
  let inputs = indentRest(JSON.stringify(exampleInputs(target.inputs), null, 2), 0);
  for (const input of files) {
    inputs = inputs.replace(
      JSON.stringify(filePlaceholder(input.name)),
      `await upload(${JSON.stringify(input.name)}, new Blob([/* the file's bytes */]), ${JSON.stringify(`${input.name}.pdf`)})`,
    );
  }
  lines.push('');
  lines.push(`const inputs = ${inputs};`);
  lines.push('');
  lines.push(`let response = await fetch(\`\${BASE}\${APP}/runs?wait=${WAIT_SECONDS}${environment}\`, {`);
  lines.push('  method: "POST",');
  lines.push('  // The same Idempotency-Key sent again (a retry) never starts a second run.');
  lines.push('  headers: { ...AUTH, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },');
  lines.push('  body: JSON.stringify({ inputs }),');
  lines.push('});');
  lines.push('let run = await answer(response);');
  lines.push('');
  lines.push('// 202: not ended yet. Follow its url until it ends (a run may also wait for an approval).');
  lines.push('while (["queued", "running", "waiting"].includes(run.status)) {');
  lines.push('  if (run.status === "waiting") await new Promise((resolve) => setTimeout(resolve, 60_000));');
  lines.push(`  run = await answer(await fetch(\`\${BASE}\${run.url}?wait=${WAIT_SECONDS}\`, { headers: AUTH }));`);
  lines.push('}');
  lines.push('');
  lines.push('console.log(run.status === "succeeded" ? run.outputs : `The run ${run.status}: ${run.error}`);');
  return lines.join('\n');
}

/** A callback request body with a run's outputs, as the app sends it. */
export function callbackExample(target: SnippetTarget, outputs: readonly string[]): string {
  const example = {
    id: '01J…',
    status: 'succeeded',
    workspace: target.workspace,
    app: target.app,
    outputs: Object.fromEntries(outputs.map((name) => [name, '…'])),
    error: null,
    url: `${appApiPath(target.workspace, target.app)}/runs/01J…`,
    finished_at: '2026-01-31T09:30:00Z',
  };
  return JSON.stringify(example, null, 2);
}

/** Starting a run that reports back: `callback_url` in the body, with curl. */
export function curlCallbackSnippet(target: SnippetTarget): string {
  const body = JSON.stringify({ inputs: exampleInputs(target.inputs), callback_url: 'https://hooks.example.com/paddock' }, null, 2);
  return [
    `curl -sS -X POST ${shellQuote(runUrl(target).replace(/wait=\d+/, 'wait=0'))} \\`,
    `  -H "Authorization: Bearer $${KEY_VARIABLE}" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  --data ${indentRest(shellQuote(body), 2)}`,
  ].join('\n');
}

/** Checking a callback's `Paddock-Signature` in Python: HMAC-SHA256 of "<t>.<body>" with the signing key. */
export const PYTHON_VERIFY = `import hashlib
import hmac
import time


def verify(signing_key: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """header: the Paddock-Signature header; body: the request body exactly as received."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    timestamp, signature = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False  # too old: it may be a replay
    expected = hmac.new(signing_key.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)`;

/** Checking a callback's `Paddock-Signature` in JavaScript (Node). */
export const JAVASCRIPT_VERIFY = `import { createHmac, timingSafeEqual } from "node:crypto";

// header: the Paddock-Signature header; body: the request body exactly as received (a string or Buffer).
export function verify(signingKey, header, body, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(",").map((item) => [item.slice(0, item.indexOf("=")), item.slice(item.indexOf("=") + 1)]));
  const timestamp = Number(parts.t);
  if (!parts.v1 || !Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac("sha256", signingKey).update(\`\${parts.t}.\`).update(body).digest("hex");
  return expected.length === parts.v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}`;
