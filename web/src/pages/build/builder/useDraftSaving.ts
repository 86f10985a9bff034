// Saving the draft: by itself a moment after the last change (once the text can be read), on top of the revision it
// started from. When someone else saved in between, it stops and says so, and the person chooses whose version stays.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../../api/ApiContext';
import { ApiError, errorMessage, sentence } from '../../../api/errors';
import type { DraftView } from '../../../api/types';
import { useSaveDraft } from '../draftQueries';

/** A draft saves itself this long after the last change. */
export const AUTOSAVE_MS = 1500;

export type SaveState =
  | { kind: 'new' }
  | { kind: 'saved'; at: string; revision: number }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'unreadable' }
  | { kind: 'conflict' }
  | { kind: 'failed'; message: string };

/** Someone else's save since the revision the text started from. */
export interface Conflict {
  revision: number;
  by: string | null;
  at: string;
  definition: string;
}

interface Options {
  /** The draft as opened; null for a new workflow (saved only when asked). */
  draft: DraftView | null;
  workspace: string | null;
  text: string;
  /** The text a new workflow started from: leaving it unchanged loses nothing. */
  initialText: string;
  /** Whether the text can be read (a text that cannot is never saved by itself). */
  readable: boolean;
  onCreated?: (draft: DraftView) => void;
}

/** Why a save failed, in a line. */
function failureMessage(error: unknown): string {
  if (error instanceof ApiError && error.problems.length > 0) {
    const [first] = error.problems;
    return `${sentence(first!.message)}${error.problems.length > 1 ? ` (and ${error.problems.length - 1} more)` : ''}`;
  }
  return errorMessage(error);
}

export function useDraftSaving({ draft, workspace, text, initialText, readable, onCreated }: Options) {
  const { client } = useApi();
  const saveDraft = useSaveDraft();
  const [base, setBase] = useState(() => (draft ? { revision: draft.revision, definition: draft.definition, at: draft.updated_at } : null));
  /** The last failure, and the text that failed: not tried again by itself until the text changes. */
  const [failure, setFailure] = useState<{ text: string; error: unknown } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const changed = base === null || text !== base.definition;

  const save = useCallback(
    (definition: string, name: string, baseRevision: number | null) => {
      if (workspace === null) return;
      setFailure(null);
      saveDraft.mutate(
        { slug: workspace, name, definition, baseRevision },
        {
          onSuccess: (saved) => {
            setBase({ revision: saved.revision, definition, at: saved.updated_at });
            setConflict(null);
            if (baseRevision === null) onCreated?.(saved);
          },
          onError: async (error) => {
            if (!(error instanceof ApiError && error.code === 'edit_conflict')) return setFailure({ text: definition, error });
            // Who saved, and when: the draft as it is now.
            const { data } = await client.GET('/api/v1/workspaces/{slug}/workflows/{name}', { params: { path: { slug: workspace, name } } });
            const revision = data?.revision ?? Number(error.details.revision ?? 0);
            setConflict({ revision, by: data?.updated_by ?? null, at: data?.updated_at ?? new Date().toISOString(), definition: data?.definition ?? '' });
          },
        },
      );
    },
    [workspace, saveDraft, client, onCreated],
  );

  const latest = useRef({ save, text, base, draft });
  latest.current = { save, text, base, draft };

  const autosave =
    draft !== null && workspace !== null && readable && changed && conflict === null && !saveDraft.isPending && failure?.text !== text;
  useEffect(() => {
    if (!autosave) return;
    const timer = setTimeout(() => {
      const { save: saveNow, text: definition, base: from, draft: opened } = latest.current;
      if (opened !== null) saveNow(definition, opened.name, from?.revision ?? opened.revision);
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [autosave, text]);

  /** Saves `definition` now (the text this instant): a draft on top of its revision, a new workflow under `name`. */
  const saveNow = (name: string, definition = text) => save(definition, draft?.name ?? name, base?.revision ?? null);

  /** Drops the text for the version saved by someone else; returns it, for the editor to show. */
  const takeTheirs = (): string | null => {
    if (conflict === null) return null;
    setBase({ revision: conflict.revision, definition: conflict.definition, at: conflict.at });
    setConflict(null);
    setFailure(null);
    return conflict.definition;
  };

  /** Saves the text over the version saved by someone else. */
  const keepMine = (definition = text) => {
    if (conflict !== null && draft !== null) save(definition, draft.name, conflict.revision);
  };

  // The same object while nothing it says changes: the toolbar showing it is then not drawn again on each keystroke.
  const state = useMemo((): SaveState => {
    if (saveDraft.isPending) return { kind: 'saving' };
    if (conflict !== null) return { kind: 'conflict' };
    if (failure !== null && failure.text === text) return { kind: 'failed', message: failureMessage(failure.error) };
    if (base === null) return { kind: 'new' };
    if (!changed) return { kind: 'saved', at: base.at, revision: base.revision };
    return readable ? { kind: 'pending' } : { kind: 'unreadable' };
  }, [saveDraft.isPending, conflict, failure, text, base, changed, readable]);

  return {
    state,
    conflict,
    /** Whether the text holds changes not saved yet. */
    unsaved: base === null ? text !== initialText : changed,
    saving: saveDraft.isPending,
    /** Why the last save failed, while the text is the one that failed. */
    error: failure !== null && failure.text === text ? failure.error : null,
    saveNow,
    takeTheirs,
    keepMine,
  };
}
