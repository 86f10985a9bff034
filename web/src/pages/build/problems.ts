import { sentence } from '../../api/errors';
import type { Problem } from '../../api/types';

const NAMED: Readonly<Record<string, string>> = {
  uses: 'kind of step',
  id: 'step name',
  needs: 'needs',
};

/**
 * Where a problem is, in words: `steps[1].uses` → "Step 2 › kind of step",
 * `inputs.subject` → "Input “subject”", `steps[3].with.prompt` → "Step 4 › setting “prompt”".
 */
export function placeOf(path: string): string {
  const tokens = [...path.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map(
    ([, name, index]): { name: string } | { index: number } => (name !== undefined ? { name } : { index: Number(index) }),
  );
  const words: string[] = [];
  let steps = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if ('index' in token) {
      words.push(`item ${token.index + 1}`);
    } else if (token.name === 'steps' && next && 'index' in next) {
      words.push(`${steps++ === 0 ? 'step' : 'inner step'} ${next.index + 1}`);
      i++;
    } else if ((token.name === 'inputs' || token.name === 'outputs') && next && 'name' in next) {
      words.push(`${token.name === 'inputs' ? 'input' : 'output'} “${next.name}”`);
      i++;
    } else if (token.name === 'with' && next && 'name' in next && next.name === 'steps') {
      continue; // A map's own steps: "inner step n" says it.
    } else if (token.name === 'with' && next && 'name' in next) {
      words.push(`setting “${next.name}”`);
      i++;
    } else {
      words.push(NAMED[token.name] ?? `“${token.name}”`);
    }
  }
  const place = words.join(' › ');
  return place === '' ? 'The workflow as a whole' : place.charAt(0).toUpperCase() + place.slice(1);
}

/** Problems with an input, by the input's name (as sentences to show under its field); the others apart. */
export function splitInputProblems(problems: readonly Problem[], names: readonly string[]) {
  const byInput: Record<string, string> = {};
  const others: Problem[] = [];
  for (const problem of problems) {
    const name = /^inputs\.(.+)$/.exec(problem.path)?.[1];
    if (name !== undefined && names.includes(name)) {
      byInput[name] = byInput[name] ? `${byInput[name]}; ${problem.message}` : sentence(problem.message);
    } else others.push(problem);
  }
  return { byInput, others };
}
