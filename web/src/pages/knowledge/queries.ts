import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiContext';
import { apiError } from '../../api/errors';
import { hasPendingDocuments, isPending, type AccessEntryForm, type KnowledgeBase, type KnowledgeBaseForm, type KnowledgeDocument, type NewKnowledgeBase, type SearchResults } from './types';

/** Everything about knowledge bases; the list, each base and its documents sit under it. */
export const knowledgeKey = ['knowledge'] as const;
export const knowledgeListKey = [...knowledgeKey, 'list'] as const;
export function knowledgeBaseKey(slug: string) {
  return [...knowledgeKey, 'base', slug] as const;
}
export function documentsKey(slug: string) {
  return [...knowledgeBaseKey(slug), 'documents'] as const;
}

/** How often a list with documents waiting or being read is asked for again. */
export const FOLLOW_MS = 1500;

/** How often the list of knowledge bases is asked for again while some of their documents wait or are read. */
export const LIST_FOLLOW_MS = 2500;

/**
 * The knowledge bases the person may see: their workspaces', and those shared with them. With `follow` (the Knowledge
 * page), the list is asked for again while any of them has documents waiting or being read, so its counts move on;
 * others (the navbar, a step's picker) only need the bases, and do not follow.
 */
export function useKnowledgeBases({ follow = false }: { follow?: boolean } = {}) {
  const { client } = useApi();
  return useQuery({
    queryKey: knowledgeListKey,
    queryFn: async (): Promise<KnowledgeBase[]> => {
      const { data, error, response } = await client.GET('/api/v1/knowledge-bases');
      if (data === undefined) throw apiError(error, response);
      return data.knowledge_bases;
    },
    refetchInterval: follow ? (query) => (query.state.data?.some(hasPendingDocuments) ? LIST_FOLLOW_MS : false) : false,
    retry: false,
  });
}

/** One knowledge base; `not_found` when the person may not see it. */
export function useKnowledgeBase(slug: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: knowledgeBaseKey(slug),
    queryFn: async (): Promise<KnowledgeBase> => {
      const { data, error, response } = await client.GET('/api/v1/knowledge-bases/{slug}', { params: { path: { slug } } });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    retry: false,
  });
}

/** After a change to one knowledge base: it, and the list that shows it. */
function refreshBase(queryClient: QueryClient, slug: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: knowledgeBaseKey(slug) }),
    queryClient.invalidateQueries({ queryKey: knowledgeListKey }),
  ]);
}

export function useCreateKnowledgeBase() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewKnowledgeBase): Promise<KnowledgeBase> => {
      const { data, error, response } = await client.POST('/api/v1/knowledge-bases', { body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (created) => {
      queryClient.setQueryData(knowledgeBaseKey(created.slug), created);
      return queryClient.invalidateQueries({ queryKey: knowledgeListKey });
    },
  });
}

/** Renames, describes or relabels a knowledge base. */
export function useUpdateKnowledgeBase(slug: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: KnowledgeBaseForm): Promise<KnowledgeBase> => {
      const { data, error, response } = await client.PUT('/api/v1/knowledge-bases/{slug}', { params: { path: { slug } }, body });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(knowledgeBaseKey(slug), saved);
      return queryClient.invalidateQueries({ queryKey: knowledgeListKey });
    },
  });
}

/** Deletes a knowledge base with all its documents. */
export function useDeleteKnowledgeBase(slug: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<void> => {
      const { error, response } = await client.DELETE('/api/v1/knowledge-bases/{slug}', { params: { path: { slug } } });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: knowledgeBaseKey(slug) });
      return queryClient.invalidateQueries({ queryKey: knowledgeListKey });
    },
  });
}

/** Replaces who may use the knowledge base. */
export function useSetAccess(slug: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (entries: AccessEntryForm[]): Promise<KnowledgeBase> => {
      const { data, error, response } = await client.PUT('/api/v1/knowledge-bases/{slug}/access', {
        params: { path: { slug } },
        body: { entries },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(knowledgeBaseKey(slug), saved);
      return queryClient.invalidateQueries({ queryKey: knowledgeListKey });
    },
  });
}

/** The documents of a knowledge base, oldest first; followed while any is waiting or being read. */
export function useDocuments(slug: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: documentsKey(slug),
    queryFn: async (): Promise<KnowledgeDocument[]> => {
      const { data, error, response } = await client.GET('/api/v1/knowledge-bases/{slug}/documents', { params: { path: { slug } } });
      if (data === undefined) throw apiError(error, response);
      return data.documents;
    },
    refetchInterval: (query) => (query.state.data?.some(isPending) ? FOLLOW_MS : false),
    retry: false,
  });
}

/** After a change to the documents: them, and the counts the knowledge base shows. */
export function refreshDocuments(queryClient: QueryClient, slug: string) {
  return Promise.all([queryClient.invalidateQueries({ queryKey: documentsKey(slug) }), refreshBase(queryClient, slug)]);
}

export function useRemoveDocument(slug: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      const { error, response } = await client.DELETE('/api/v1/knowledge-bases/{slug}/documents/{id}', {
        params: { path: { slug, id } },
      });
      if (!response.ok) throw apiError(error, response);
    },
    onSuccess: () => refreshDocuments(queryClient, slug),
  });
}

/** Queues a document to be read again. */
export function useRereadDocument(slug: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<KnowledgeDocument> => {
      const { data, error, response } = await client.POST('/api/v1/knowledge-bases/{slug}/documents/{id}/reread', {
        params: { path: { slug, id } },
      });
      if (data === undefined) throw apiError(error, response);
      return data;
    },
    onSuccess: () => refreshDocuments(queryClient, slug),
  });
}

/** The passages that best match a query, best first, and the embedding model that ranked them by meaning too. */
export function useSearch(slug: string) {
  const { client } = useApi();
  return useMutation({
    mutationFn: async ({ query, limit }: { query: string; limit?: number }): Promise<SearchResults> => {
      const { data, error, response } = await client.POST('/api/v1/knowledge-bases/{slug}/search', {
        params: { path: { slug } },
        body: limit === undefined ? { query } : { query, limit },
      });
      if (data === undefined) throw apiError(error, response);
      return { passages: data.passages, embeddingModel: data.embedding_model ?? null };
    },
  });
}
