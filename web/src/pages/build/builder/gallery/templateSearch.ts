import type { WorkflowTemplate } from './templateQueries';

/** The words a template is found by: its title, description, category and name. */
function haystack(template: WorkflowTemplate): string {
  return [template.title, template.description, template.category, template.name].join(' ').toLowerCase();
}

/**
 * The templates matching what was typed: every word found somewhere in the template, in any order
 * ("invoice extract" finds "Extract invoice totals"), and in `category` when one is chosen.
 */
export function searchTemplates(templates: readonly WorkflowTemplate[], query: string, category: string | null = null): WorkflowTemplate[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return templates.filter(
    (template) =>
      (category === null || template.category === category) && words.every((word) => haystack(template).includes(word)),
  );
}

/** The categories of the templates, each once, in alphabetical order. */
export function templateCategories(templates: readonly WorkflowTemplate[]): string[] {
  return [...new Set(templates.map((template) => template.category).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

/** "1 step", "4 steps". */
export function stepCount(steps: number): string {
  return `${steps} step${steps === 1 ? '' : 's'}`;
}

/** The kinds of step a template's YAML uses (`uses: llm.extract`), each once, in the order first written. */
export function kindsUsed(definition: string): string[] {
  const kinds = [...definition.matchAll(/^[ \t-]*uses:[ \t]*["']?([\w.-]+)/gm)].map(([, kind]) => kind!);
  return [...new Set(kinds)];
}
