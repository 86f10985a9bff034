import { useQuery } from '@tanstack/react-query';
import type { Client } from 'openapi-fetch';
import { useApi } from '../../../../api/ApiContext';
import { apiError } from '../../../../api/errors';
import { draftKey } from '../../draftQueries';

/** A ready-made workflow to start from. */
export interface WorkflowTemplate {
  /** Its short name (a slug): the name a workflow made from it gets unless another is chosen. */
  name: string;
  title: string;
  description: string;
  category: string;
  /** The workflow, YAML. */
  definition: string;
  /** Input values that show what it does, to try it with at once. */
  sample_inputs: Record<string, unknown>;
  /** How many steps it has. */
  steps: number;
}

interface TemplateList {
  templates: WorkflowTemplate[];
}

type Answer<T> = { headers: Record<string, unknown>; content: { 'application/json': T } };
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };

/**
 * `GET /api/v1/workflow-templates` as openapi-fetch describes a path, until `npm run gen:api` knows it
 * (then this type and the cast below go, and the generated client is used as is).
 */
interface TemplatePaths {
  '/api/v1/workflow-templates': {
    parameters: NoParameters;
    get: {
      parameters: NoParameters;
      requestBody?: never;
      responses: { 200: Answer<TemplateList>; default: Answer<unknown> };
    };
  };
}

export const templatesKey = ['workflow-templates'] as const;

/** The workflow templates offered to builders; a server without them answers 404 (`status` on the error). */
export function useWorkflowTemplates() {
  const { client } = useApi();
  // The same client (its CSRF and lost-session handling included), typed for the one new path.
  const templates = client as unknown as Client<TemplatePaths>;
  return useQuery({
    queryKey: templatesKey,
    queryFn: async (): Promise<WorkflowTemplate[]> => {
      const { data, error, response } = await templates.GET('/api/v1/workflow-templates');
      if (data === undefined) throw apiError(error, response);
      return data.templates;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * Whether `name` is free in workspace `slug`: asks for the workflow of that name, as saving a new one does;
 * not found means free. Null while not asked (no workspace or no valid name yet).
 */
export function useNameFree(slug: string | null, name: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: [...draftKey(slug ?? '', name ?? ''), 'free'],
    queryFn: async (): Promise<boolean> => {
      const { error, response } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}', {
        params: { path: { slug: slug ?? '', name: name ?? '' } },
      });
      if (response.ok) return false;
      if (response.status === 404) return true;
      throw apiError(error, response);
    },
    enabled: slug !== null && name !== null,
    retry: false,
  });
}
