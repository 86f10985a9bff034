import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import type { components } from '../../api/schema.gen';
import { labelWordsOf, type LabelWords } from './clearance';

type Schemas = components['schemas'];
export type LabelCatalogue = Schemas['LabelCatalogue'];
export type LevelView = Schemas['LevelView'];
export type CategoryView = Schemas['CategoryView'];
export type ProposedPolicy = Schemas['ProposedPolicy'];
export type ImpactReport = Schemas['ImpactReport'];
export type Affected = Schemas['Affected'];

/** The organisation's label catalogue: anyone signed in reads it (builders label inputs with it). */
export const labelsKey = ['labels'] as const;

/** The levels, lowest first, with the organisation's names for them, and the categories labels may name. */
export function useLabels() {
  const { client } = useApi();
  return useQuery({
    queryKey: labelsKey,
    queryFn: async (): Promise<LabelCatalogue> => {
      const { data, error, response } = await client.GET('/api/v1/labels');
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    retry: false,
    staleTime: 60_000,
  });
}

/** The organisation's words for levels and categories; the built-in ones until the catalogue has loaded. */
export function useLabelWords(): { words: LabelWords; pending: boolean; failed: boolean } {
  const labels = useLabels();
  const words = useMemo(() => labelWordsOf(labels.data), [labels.data]);
  return { words, pending: labels.isPending, failed: labels.isError };
}

/** Names and describes a level in the organisation's words; the stored level and the order stay. */
export function useRenameLevel() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ level, name, description }: { level: string; name: string; description: string }): Promise<LevelView> => {
      const { data, error, response } = await client.PUT('/api/v1/labels/levels/{level}', {
        params: { path: { level } },
        body: { name, description },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelsKey }),
  });
}

/** Adds a category that labels and clearances may then name. */
export function useAddCategory() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; description: string }): Promise<CategoryView> => {
      const { data, error, response } = await client.POST('/api/v1/labels/categories', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelsKey }),
  });
}

/** Removes a category no model or connection names (`in_use` otherwise, naming them). */
export function useRemoveCategory() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string): Promise<void> => {
      const { error, response } = await client.DELETE('/api/v1/labels/categories/{name}', { params: { path: { name } } });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelsKey }),
  });
}

/** Which workflows a change to a model's or a connection's policy would put in violation; changes nothing. */
export function usePolicyImpact() {
  const { client } = useApi();
  return useMutation({
    mutationFn: async (body: ProposedPolicy): Promise<ImpactReport> => {
      const { data, error, response } = await client.POST('/api/v1/policy/impact', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
  });
}
