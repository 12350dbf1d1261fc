import { type FocusEvent, type KeyboardEvent, type RefObject, useLayoutEffect, useRef } from 'react';

/**
 * Moves the focus along `items` with ArrowLeft and ArrowRight (one step, stopping at the ends),
 * Home and End, when one of them has it. A row of buttons that is one Tab stop is walked this way.
 */
export function arrowAlong(e: KeyboardEvent, items: HTMLElement[]): void {
  const at = items.findIndex((item) => item === document.activeElement);
  const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: items.length - 1 };
  const target = moves[e.key];
  if (at < 0 || target === undefined) return;
  e.preventDefault();
  items[Math.max(0, Math.min(items.length - 1, target))]?.focus();
}

/**
 * Makes the buttons inside `container` one Tab stop: the one focused last (the first at the start)
 * takes Tab, and the arrows, Home and End move between them. The buttons set no tabIndex of their
 * own, so the ones that come and go with the layout (Store files…) join the row as they appear.
 */
export function useRovingTabStop(container: RefObject<HTMLElement | null>) {
  const current = useRef(0);
  // Only the buttons drawn: one the layout hides (the timeline's Legend on a wide bar) takes no stop.
  const items = () =>
    [...(container.current?.querySelectorAll<HTMLElement>('button:not(:disabled)') ?? [])].filter(
      (item) => item.getClientRects().length > 0,
    );
  const apply = (list: HTMLElement[]) => {
    const at = Math.min(current.current, list.length - 1);
    list.forEach((item, i) => item.setAttribute('tabindex', i === at ? '0' : '-1'));
  };
  // After every render: a button added or removed since must not leave the row with no stop or two.
  useLayoutEffect(() => apply(items()));
  return {
    onFocus: (e: FocusEvent) => {
      const list = items();
      const at = list.findIndex((item) => item === e.target);
      if (at < 0) return;
      current.current = at;
      apply(list);
    },
    onKeyDown: (e: KeyboardEvent) => arrowAlong(e, items()),
  };
}

/** Moves focus to the row above or below with the arrow keys: the rows are one list to the keyboard. */
export function stepRows(e: KeyboardEvent<HTMLTableRowElement>): void {
  const next =
    e.key === 'ArrowDown'
      ? e.currentTarget.nextElementSibling
      : e.key === 'ArrowUp'
        ? e.currentTarget.previousElementSibling
        : null;
  if (next instanceof HTMLElement) {
    e.preventDefault();
    next.focus();
  }
}
