/**
 * One policy for both shells (the browser mode's header, Electron's response header): only the
 * app's own scripts and styles, API calls to itself, nothing framed, no plugins, no base or form
 * tricks. React sets inline styles through the CSSOM, which style-src does not govern.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
