/** The pipeline of a workflow for anyone who may see deployments, builders or not. */
export function deploymentsPath(workspace: string, workflow: string): string {
  return `/deployments/${encodeURIComponent(workspace)}/${encodeURIComponent(workflow)}`;
}

/** The workflow's Pipeline tab in Build (builders and admins). */
export function buildPipelinePath(workspace: string, workflow: string): string {
  return `/build/${encodeURIComponent(workspace)}/${encodeURIComponent(workflow)}?tab=pipeline`;
}
