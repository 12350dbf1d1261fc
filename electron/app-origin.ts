/** Where the renderer is served from: the app's own scheme and host, nothing else. */
const APP_SCHEME = 'app';
const APP_HOST = 'segscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True only for a URL of the app's own page. Compared field by field after parsing, since a
 * prefix test lets `app://segscope.attacker` or `app://segscope@evil` through.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}
