// The builder's keyboard: undo and redo, save, delete, copy and paste of steps, Escape. Keys typed into a field are the
// field's own (Delete deletes a letter there, not a step); undo in a field is the builder's, which undoes the typing
// as one step — except in the YAML text, whose own undo keeps the text as typed.
import { useEffect, useRef, type RefObject } from 'react';

export interface KeyActions {
  undo: () => void;
  redo: () => void;
  save: () => void;
  deleteSelection: () => void;
  /** The selected steps as text for the clipboard; null when none are selected. */
  copy: () => string | null;
  /** Pastes steps from the clipboard's text (or from the builder's own clipboard when it holds none). */
  paste: (text: string) => void;
  escape: () => void;
}

/** Whether keys go to a field being typed in. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  return target.getAttribute('role') === 'textbox' || target.getAttribute('role') === 'combobox';
}

function hasTextSelection(): boolean {
  return (window.getSelection()?.toString() ?? '') !== '';
}

export function useBuilderKeys(root: RefObject<HTMLElement | null>, actions: KeyActions) {
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    // Keys pressed on the page itself (nothing focused) count too; keys in a dialog over the builder do not.
    const inBuilder = (target: EventTarget | null) =>
      target === document.body || (target instanceof Node && root.current !== null && root.current.contains(target));

    const onKeyDown = (event: KeyboardEvent) => {
      if (!inBuilder(event.target) || event.defaultPrevented) return;
      const act = latest.current;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const typing = isTypingTarget(event.target);
      const nativeUndo = event.target instanceof HTMLElement && event.target.hasAttribute('data-native-undo');
      if (mod && key === 's') {
        event.preventDefault();
        act.save();
      } else if (mod && ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey))) {
        if (nativeUndo) return;
        event.preventDefault();
        act.redo();
      } else if (mod && key === 'z') {
        if (nativeUndo) return;
        event.preventDefault();
        act.undo();
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && !typing && !mod) {
        event.preventDefault();
        act.deleteSelection();
      } else if (event.key === 'Escape' && !typing) {
        act.escape();
      }
    };
    const onCopy = (event: ClipboardEvent) => {
      if (!inBuilder(event.target) || isTypingTarget(event.target) || hasTextSelection()) return;
      const text = latest.current.copy();
      if (text === null) return;
      event.preventDefault();
      event.clipboardData?.setData('text/plain', text);
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!inBuilder(event.target) || isTypingTarget(event.target)) return;
      event.preventDefault();
      latest.current.paste(event.clipboardData?.getData('text/plain') ?? '');
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [root]);
}
