import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../core/server/content-security-policy.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The same policy as a <meta> tag too, so the page is covered however it is served. A meta
 * policy cannot carry frame-ancestors (the response headers do), so that directive is left out.
 */
function cspMeta(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'segscope-csp-meta',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron loads the files from disk and the CSP forbids inline scripts: keep modules external.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
