/**
 * `.version` of a sqld data directory: the semver of the sqld that created it (absent before
 * 0.18). Read, never trusted: anything else is null.
 */
const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?$/;

export function parseSqldVersion(text: string): string | null {
  const trimmed = text.trim();
  return VERSION.test(trimmed) ? trimmed : null;
}
