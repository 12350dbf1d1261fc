import { useState } from 'react';

const HISTORY_KEPT = 50;

/** Statements run in a namespace, newest first, kept in this browser's storage. */
export function useHistory(namespace: string): [string[], (sql: string) => void] {
  const key = `segscope-sql-history:${namespace}`;
  const read = (): string[] => {
    try {
      const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((q): q is string => typeof q === 'string') : [];
    } catch {
      return [];
    }
  };
  const [, redraw] = useState(0);
  const remember = (sql: string) => {
    const next = [sql, ...read().filter((q) => q !== sql)].slice(0, HISTORY_KEPT);
    window.localStorage.setItem(key, JSON.stringify(next));
    redraw((n) => n + 1);
  };
  return [read(), remember];
}
