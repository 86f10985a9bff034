/**
 * Where an app is used: `/apps/<workspace>/<app>`, served from the last environment it is published in; with an
 * `environment`, `?environment=<slug>` serves it from that one instead.
 */
export function appPath(workspace: string, app: string, environment?: string | null): string {
  const path = `/apps/${encodeURIComponent(workspace)}/${encodeURIComponent(app)}`;
  return environment ? `${path}?${new URLSearchParams({ environment }).toString()}` : path;
}
