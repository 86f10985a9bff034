import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { ModelForm, ModelTrial, ModelView } from '../../api/types';
import { modelsKey } from './queries';

/** Every registered model with this month's use per workspace (administrators only; never a credential). */
export function useModels() {
  const { client } = useApi();
  return useQuery({
    queryKey: modelsKey,
    queryFn: async (): Promise<ModelView[]> => {
      const { data, error, response } = await client.GET('/api/v1/models');
      if (data === undefined) throw apiError(error, response);
      return data.models;
    },
    retry: false,
  });
}

/**
 * Registers a model (`original` null) or replaces the settings of the model now named `original`.
 * Without `credential` in the body the stored key is kept; an empty one removes it.
 */
export function useSaveModel() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ original, body }: { original: string | null; body: ModelForm }): Promise<ModelView> => {
      const { data, error, response } =
        original === null
          ? await client.POST('/api/v1/models', { body })
          : await client.PUT('/api/v1/models/{name}', { params: { path: { name: original } }, body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelsKey }),
    // The variables may hold an API key.
    gcTime: 0,
  });
}

export function useDeleteModel() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string): Promise<void> => {
      const { error, response } = await client.DELETE('/api/v1/models/{name}', { params: { path: { name } } });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelsKey }),
  });
}

/** Sends the model a tiny prompt with its stored settings; counts against no budget. */
export function useTestModel() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (name: string): Promise<ModelTrial> => {
      const { data, error, response } = await client.POST('/api/v1/models/{name}/test', { params: { path: { name } } });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  });
}
