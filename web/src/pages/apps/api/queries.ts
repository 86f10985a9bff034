import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiContext';
import { apiError } from '../../../api/errors';

/**
 * Reveals the key the app signs its callbacks with, for an administrator setting up the receiver (audited). The server
 * shows it to administrators signed in with a session only: anyone else is refused with 403 `forbidden`. The answer is
 * a secret: it is kept by the dialog that shows it only, never cached.
 */
export function useRevealSigningKey(workspace: string, app: string) {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (): Promise<string> => {
      const { data, error, response } = await client.POST('/api/v1/workspaces/{slug}/workflows/{name}/signing-key', {
        params: { path: { slug: workspace, name: app } },
      });
      if (data === undefined) throw apiError(error, response);
      return data.signing_key;
    },
    gcTime: 0,
  });
}
