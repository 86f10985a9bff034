/** The top-level `name:` line of a YAML definition, with its value. */
const YAML_NAME = /^name:[ \t]*(.*)$/m;

function isJson(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** A YAML scalar as written on one line: without a trailing comment or surrounding quotes. */
function scalar(raw: string): string {
  const value = raw.trim();
  const quoted = /^(['"])(.*?)\1(?:\s+#.*)?$/.exec(value);
  if (quoted) return quoted[2]!.trim();
  return value.replace(/\s+#.*$/, '').trim();
}

/**
 * The workflow's name as its definition gives it (`name: ticket-triage`, or `"name"` in JSON); null when it
 * has none that can be read. Only a guess for saving: the server reads the definition properly.
 */
export function definitionName(text: string): string | null {
  if (isJson(text)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && 'name' in parsed) {
        const { name } = parsed as { name: unknown };
        return typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
      }
    } catch {
      // Not readable as JSON: the server says why when it is saved or checked.
    }
    return null;
  }
  const match = YAML_NAME.exec(text);
  if (!match) return null;
  const name = scalar(match[1]!);
  return name === '' ? null : name;
}

/**
 * The definition with `name` as its name: an empty `name:` line filled in, else a line added after
 * `kind:` (or `apiVersion:`, or at the top). A JSON object gets a `"name"` member first.
 */
export function withDefinitionName(text: string, name: string): string {
  if (isJson(text)) {
    const brace = text.indexOf('{');
    const rest = text.slice(brace + 1);
    const empty = rest.trim() === '}';
    return `${text.slice(0, brace + 1)}\n  "name": ${JSON.stringify(name)}${empty ? '' : ','}${rest.startsWith('\n') ? '' : ' '}${rest}`;
  }
  const line = `name: ${name}`;
  if (YAML_NAME.test(text)) return text.replace(YAML_NAME, line);
  for (const after of [/^kind:.*$/m, /^apiVersion:.*$/m]) {
    const found = after.exec(text);
    if (found) {
      const end = found.index + found[0].length;
      return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
    }
  }
  return text === '' ? `${line}\n` : `${line}\n${text}`;
}
