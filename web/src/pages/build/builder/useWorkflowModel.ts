// The workflow being edited, in its two forms: the doc (what the canvas and panels change, with undo) and the text
// (what is checked, saved and shown in the YAML view). Text typed in the YAML view is kept as typed — comments and
// all — for as long as it is what the doc says; a change made on the canvas writes the doc out afresh.
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import { historyReducer, initialHistory, sameDoc } from './model/history';
import { parse } from './model/parse';
import { serialize } from './model/serialize';
import type { WorkflowDoc } from './model/types';

export interface ParseFailure {
  message: string;
  line?: number;
}

/** The text last typed in the YAML view, the doc it was read into (the doc then current, when it could not be). */
interface TypedText {
  text: string;
  doc: WorkflowDoc;
  error: ParseFailure | null;
}

/** Typing pauses this long before the YAML is read again: reading a long workflow takes a moment. */
export const READ_DELAY_MS = 150;
/** Typing in a panel pauses this long before the workflow is written out again (for checks and saving). */
export const WRITE_DELAY_MS = 150;

const EMPTY: WorkflowDoc = { apiVersion: 'paddock/v1', kind: 'Workflow', name: '', inputs: {}, steps: [], outputs: {} };

function read(text: string): { doc: WorkflowDoc; error: ParseFailure | null } {
  const result = parse(text);
  return 'doc' in result ? { doc: result.doc, error: null } : { doc: EMPTY, error: { message: result.error, line: result.line } };
}

export type DocChange = WorkflowDoc | ((doc: WorkflowDoc) => WorkflowDoc);

export function useWorkflowModel(initialText: string) {
  const [opened] = useState(() => read(initialText));
  const [history, dispatch] = useReducer(historyReducer, opened.doc, initialHistory);
  const doc = history.present;
  const [typed, setTyped] = useState<TypedText>({ text: initialText, doc: opened.doc, error: opened.error });
  const latest = useRef(doc);
  latest.current = doc;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Written out once typing pauses: a keystroke in a panel need not wait for the whole workflow to become text.
  const [settledDoc] = useDebouncedValue(doc, WRITE_DELAY_MS);
  const typedStands = typed.doc === doc;
  const written = useMemo(() => (typedStands ? null : serialize(settledDoc)), [typedStands, settledDoc]);
  const text = typedStands ? typed.text : written!;
  /** The text the YAML view shows: as typed while it stands for the doc. */
  const yamlText = typed.doc === doc ? typed.text : null;
  const yamlError = typed.doc === doc ? typed.error : null;

  /** A change from the canvas or a panel; `key` joins it with the change before (see historyReducer). */
  const change = useCallback((next: DocChange, key?: string | null) => {
    const value = typeof next === 'function' ? next(latest.current) : next;
    if (value === latest.current) return;
    latest.current = value;
    dispatch({ type: 'change', doc: value, at: Date.now(), ...(key === undefined ? {} : { key }) });
  }, []);

  /** Text typed in the YAML view: read once typing pauses; the doc follows when it can be read. */
  const typeText = useCallback((value: string) => {
    setTyped((before) => ({ text: value, doc: latest.current, error: before.error }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const result = read(value);
      const current = latest.current;
      if (result.error !== null) return setTyped({ text: value, doc: current, error: result.error });
      const next = sameDoc(current, result.doc) ? current : result.doc;
      if (next !== current) {
        latest.current = next;
        dispatch({ type: 'change', doc: next, at: Date.now(), key: 'yaml' });
      }
      setTyped({ text: value, doc: next, error: null });
    }, READ_DELAY_MS);
  }, []);

  /** Replaces the whole text (another person's version loaded): a change that can be undone like any other. */
  const replaceText = useCallback((value: string) => {
    clearTimeout(timer.current);
    const result = read(value);
    const next = result.error === null ? result.doc : latest.current;
    if (next !== latest.current) {
      latest.current = next;
      dispatch({ type: 'change', doc: next, at: Date.now(), key: null });
    }
    setTyped({ text: value, doc: next, error: result.error });
  }, []);

  /** The text of the doc as it is this instant (to save at once), not as it was when typing last paused. */
  const typedRef = useRef(typed);
  typedRef.current = typed;
  const textNow = useCallback(() => (typedRef.current.doc === latest.current ? typedRef.current.text : serialize(latest.current)), []);

  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);

  return {
    doc,
    /** The workflow as text: what is checked and saved. Follows changes made in panels once typing pauses. */
    text,
    textNow,
    yamlText,
    /** Why the text typed cannot be read; the canvas then shows the last doc that could. */
    yamlError,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    change,
    typeText,
    replaceText,
    undo,
    redo,
  };
}

export type WorkflowModel = ReturnType<typeof useWorkflowModel>;
