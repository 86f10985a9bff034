// What a value refers to: `steps.<id>` (found the same way as the run's graph finds it) and `inputs.<name>`.
import { referencedSteps } from '../../../runs/graph/layout';

export { referencedSteps };

const EXPRESSION = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g;
const INPUT = /\binputs\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

/** The input names referenced as `inputs.<name>` in the expressions anywhere inside `value`. */
export function referencedInputs(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const [, expression = '', statement = ''] of value.matchAll(EXPRESSION)) {
      for (const [, dotted, quoted] of `${expression}${statement}`.matchAll(INPUT)) into.add(dotted ?? quoted ?? '');
    }
  } else if (Array.isArray(value)) {
    for (const item of value) referencedInputs(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) referencedInputs(item, into);
  }
  return into;
}
