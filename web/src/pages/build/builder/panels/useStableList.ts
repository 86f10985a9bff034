import { useRef } from 'react';

/**
 * `list`, or the list given last time when it holds the same items: worked out afresh on each keystroke, a list that
 * did not change keeps its identity, so that what depends on it (the panel's context, memoised fields) is not redone.
 */
export function useStableList<T>(list: T[], same: (a: T, b: T) => boolean = Object.is): T[] {
  const previous = useRef(list);
  const before = previous.current;
  if (before !== list && (before.length !== list.length || list.some((item, index) => !same(item, before[index]!)))) {
    previous.current = list;
  }
  return previous.current;
}
