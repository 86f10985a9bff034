// Placing the server's problems on the fields they are about. Paths come as the validator writes them
// (`steps[3].with.cases[0].when`); the panels work with paths inside one step (`with.cases[0].when`).
import { sentence } from '../../../../api/errors';
import type { Problem } from '../../../../api/types';

const REQUIRED = /^"([^"]+)" is a required property$/;

/**
 * A problem with its path inside its step (or inside the inputs or outputs: `inputs.claim.label` stays as is).
 * A missing required property is reported on the object that lacks it; it belongs under the property's own field.
 */
export function localProblem(problem: Problem): Problem {
  const path = problem.path.replace(/^steps\[\d+\]\.?/, '');
  const missing = REQUIRED.exec(problem.message)?.[1];
  if (missing !== undefined) return { path: path === '' ? missing : `${path}.${missing}`, message: `${missing} is required` };
  return { path, message: problem.message };
}

/** Whether `path` is `at` or lies inside it (`with.cases[0].when` inside `with.cases`). */
export function isWithin(path: string, at: string): boolean {
  return path === at || path.startsWith(`${at}.`) || path.startsWith(`${at}[`);
}

/**
 * The messages to show at `at`: those about it and about anything inside it, except what lies inside one of
 * `children` (fields shown on their own, which show those themselves).
 */
export function messagesAt(problems: readonly Problem[], at: string, children: readonly string[] = []): string[] {
  return problems.filter((p) => isWithin(p.path, at) && !children.some((child) => isWithin(p.path, child))).map((p) => sentence(p.message));
}
