import type { ReactNode } from 'react';

interface FocusKeptButtonProps {
  /**
   * Pressing it now would do nothing: its work is running, it is at the end of its range, or what
   * it works on is not there yet (a toolbar's command, which stays reachable by the arrows).
   */
  unavailable: boolean;
  /** It cannot be used at all (nothing to work on): out of the Tab order, like any disabled button. */
  disabled?: boolean;
  onClick: () => void;
  title?: string;
  className?: string;
  'aria-label'?: string;
  'aria-keyshortcuts'?: string;
  children: ReactNode;
}

/**
 * A button that its own press can make unavailable (a task it starts, a step to the last point).
 * It says so with `aria-disabled` rather than `disabled`: a button disabled under the focus drops
 * the keyboard's focus to the page's start, and whoever pressed it with Enter or Space would have
 * to Tab back from the top.
 */
export function FocusKeptButton({ unavailable, disabled = false, onClick, children, ...rest }: FocusKeptButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled}
      aria-disabled={unavailable || undefined}
      onClick={() => {
        if (!unavailable) onClick();
      }}
    >
      {children}
    </button>
  );
}
