import { useSearchParams } from 'react-router';
import type { WorkspaceSummary } from '../api/types';

/**
 * The workspace chosen among `options`, kept in the URL as `?workspace=` so that a link keeps it:
 * the first option while none (or one not offered) is chosen; null when there is no option.
 */
export function useWorkspaceParam(options: readonly WorkspaceSummary[]): [string | null, (slug: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('workspace');
  const chosen = options.find((workspace) => workspace.slug === asked) ?? options[0] ?? null;
  const choose = (slug: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('workspace', slug);
        return next;
      },
      { replace: true },
    );
  return [chosen?.slug ?? null, choose];
}
