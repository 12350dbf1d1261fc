/**
 * Gives the keyboard's focus back to the Segments rows, where the selection lives: after Escape
 * from Details, or after a control that closed itself (its button gone, the focus would fall to
 * the page's start). On another tab, where the rows are hidden, the chosen tab takes it.
 */
export function focusSegmentRows(): void {
  const rows = document.querySelector<HTMLElement>('[role="rowgroup"][aria-label="Segment rows"]');
  rows?.focus();
  if (rows && document.activeElement === rows) return;
  document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
}
