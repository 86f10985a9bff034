import { describe, expect, it } from 'vitest';
import type { WorkflowTemplate } from './templateQueries';
import { kindsUsed, searchTemplates, stepCount, templateCategories } from './templateSearch';

const template = (name: string, title: string, category: string, description = ''): WorkflowTemplate => ({
  name,
  title,
  description,
  category,
  definition: '',
  sample_inputs: {},
  steps: 2,
});

const templates = [
  template('invoice-totals', 'Extract invoice totals', 'Finance', 'Reads a PDF invoice'),
  template('ticket-triage', 'Route IT tickets', 'IT', 'Sorts incoming tickets by urgency'),
  template('email-summary', 'Summarize an email', 'Communication'),
];

describe('template search', () => {
  it('finds templates having every word typed, anywhere and in any case', () => {
    expect(searchTemplates(templates, 'invoice EXTRACT').map((t) => t.name)).toEqual(['invoice-totals']);
    expect(searchTemplates(templates, 'urgency').map((t) => t.name)).toEqual(['ticket-triage']);
    expect(searchTemplates(templates, 'finance').map((t) => t.name)).toEqual(['invoice-totals']);
    expect(searchTemplates(templates, '  ').length).toBe(3);
    expect(searchTemplates(templates, 'invoice email')).toEqual([]);
  });

  it('keeps to the category chosen', () => {
    expect(searchTemplates(templates, '', 'IT').map((t) => t.name)).toEqual(['ticket-triage']);
    expect(searchTemplates(templates, 'invoice', 'IT')).toEqual([]);
  });

  it('lists the categories once, sorted', () => {
    expect(templateCategories([...templates, template('x', 'X', 'IT')])).toEqual(['Communication', 'Finance', 'IT']);
  });

  it('reads the step kinds a definition uses, each once', () => {
    const yaml = 'steps:\n  - id: a\n    uses: llm.extract\n  - uses: "template"\n    id: b\n  - id: c\n    uses: llm.extract # again\n';
    expect(kindsUsed(yaml)).toEqual(['llm.extract', 'template']);
  });

  it('counts steps in words', () => {
    expect(stepCount(1)).toBe('1 step');
    expect(stepCount(4)).toBe('4 steps');
  });
});
