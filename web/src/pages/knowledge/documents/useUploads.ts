import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useApi } from '../../../api/ApiContext';
import { ApiError, errorMessage } from '../../../api/errors';
import { resetSession } from '../../../auth/session';
import { documentProblem } from '../documentKinds';
import { refreshDocuments } from '../queries';
import type { UploadOutcome } from '../types';
import { SessionLost, sendDocument } from './upload';

/**
 * Where a file stands: refused before sending (`refused`), waiting its turn, on its way, refused by the server or lost
 * on the way (`failed`), or kept, with what the server did with it.
 */
export type UploadState = 'refused' | 'waiting' | 'sending' | 'failed' | UploadOutcome;

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  state: UploadState;
  /** How much has gone, 0 to 1. */
  progress: number;
  /** Why it was refused, in words. */
  message: string | null;
}

/** Whether the file is done with, one way or another. */
export function isSettled(item: UploadItem): boolean {
  return item.state !== 'waiting' && item.state !== 'sending';
}

function outcomeOf(raw: string | undefined): UploadOutcome {
  return raw === 'replaced' || raw === 'unchanged' ? raw : 'added';
}

function failure(error: unknown): string {
  if (error instanceof ApiError) {
    // "file: notes.md is empty" → "notes.md is empty": messages about a file start with its name, kept as written.
    const prefix = error.field === undefined ? '' : `${error.field}: `;
    return prefix !== '' && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  }
  if (error instanceof SessionLost) return error.message;
  return errorMessage(error);
}

/**
 * The files dropped on a knowledge base, each sent on its own (one after another) so that each has its progress and,
 * when refused, its own reason. Files of a kind it does not read, too large or empty are refused before sending.
 */
export function useUploads(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const next = useRef(0);

  const update = (key: string, change: Partial<UploadItem>) =>
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const send = async (key: string, file: File) => {
    update(key, { state: 'sending', progress: 0 });
    try {
      const answer = await sendDocument({
        baseUrl: api.baseUrl,
        slug,
        csrf: api.csrf.value,
        file,
        onProgress: (progress) => update(key, { progress }),
      });
      update(key, { state: outcomeOf(answer.documents[0]?.outcome), progress: 1 });
      await refreshDocuments(queryClient, slug);
    } catch (error) {
      update(key, { state: 'failed', message: failure(error) });
      if (error instanceof SessionLost) resetSession(queryClient, api.csrf);
    }
  };

  const add = (files: readonly File[]) => {
    const added = files.map((file) => {
      next.current += 1;
      const problem = documentProblem(file);
      const item: UploadItem = {
        key: `upload-${next.current}`,
        name: file.name,
        size: file.size,
        state: problem === null ? 'waiting' : 'refused',
        progress: 0,
        message: problem,
      };
      return { item, file };
    });
    // A file sent again takes the place of how it went before.
    const names = new Set(files.map((file) => file.name));
    setItems((list) => [...list.filter((item) => !(isSettled(item) && names.has(item.name))), ...added.map(({ item }) => item)]);
    for (const { item, file } of added) {
      if (item.state === 'waiting') queue.current = queue.current.then(() => send(item.key, file));
    }
  };

  const clear = () => setItems((list) => list.filter((item) => !isSettled(item)));

  return { items, add, clear, busy: items.some((item) => !isSettled(item)) };
}
