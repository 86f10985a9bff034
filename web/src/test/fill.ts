import { fireEvent } from '@testing-library/react';

/**
 * Puts `text` into a text field in one change, as a paste would. Typing key by key takes seconds in jsdom on a busy
 * machine, and a paste goes wherever focus is, which a modal's focus trap may move at any moment under load.
 */
export function fill(field: HTMLElement, text: string) {
  fireEvent.change(field, { target: { value: text } });
}
