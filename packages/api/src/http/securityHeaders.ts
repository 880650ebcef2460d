import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The headers every response carries, and the Content-Security-Policy of each part of the site:
 * the API (JSON, never rendered), the console (the built React app) and /docs (Swagger UI).
 */

/**
 * The console's index.html is built with this placeholder where a CSP nonce goes (Vite's
 * `html.cspNonce`, apps/web/vite.config.ts); the server puts a fresh nonce there per response.
 */
export const cspNoncePlaceholder = 'VAXEL_CSP_NONCE';

const shared = ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"];

/**
 * The console: its own scripts only, no inline script, no eval. Mantine writes its theme's CSS
 * variables and responsive styles into <style> elements at run time; those carry the nonce
 * (MantineProvider `getStyleNonce`), so style-src needs no 'unsafe-inline'. Inline styles that
 * React sets go through the CSSOM, which CSP does not govern. Audio previews and recordings made
 * in the browser play from blob: URLs.
 */
export function consolePolicy(nonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}`,
    "img-src 'self' data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    ...shared,
  ].join('; ');
}

/**
 * Swagger UI at /docs: its scripts are files, but its bundle writes <style> elements and shows
 * icons as data: images (both refused otherwise, checked in Chromium by
 * test/e2e/securityPolicy.test.ts). The page shows no user content.
 */
export const docsPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  ...shared,
].join('; ');

/** API responses are data, never a document: nothing may load or run from them. */
export const apiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A year, with subdomains: the value most hardening guides and the HSTS preload list ask for. */
export const hstsValue = 'max-age=31536000; includeSubDomains';

export type SecurityHeaderOptions = {
  /** Users reach the console over https (VAXEL_PUBLIC_URL): send HSTS. */
  https: boolean;
};

export function isHttpsUrl(url: string | undefined): boolean {
  return url !== undefined && /^https:\/\//i.test(url);
}

/**
 * The headers of one response (errors included). A handler that set its own
 * Content-Security-Policy (stored audio, the console's index.html with its nonce) keeps it.
 * API responses are `no-store`: they hold personal data and change with every save.
 */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply, options: SecurityHeaderOptions): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'same-origin');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (options.https) reply.header('strict-transport-security', hstsValue);
  const path = request.url.split('?')[0] ?? '';
  const hasPolicy = reply.getHeader('content-security-policy') !== undefined;
  if (path.startsWith('/api/')) {
    reply.header('cache-control', 'no-store');
    if (!hasPolicy) reply.header('content-security-policy', apiPolicy);
  } else if (path === '/docs' || path.startsWith('/docs/')) {
    reply.header('content-security-policy', docsPolicy);
  } else if (!hasPolicy) {
    reply.header('content-security-policy', consolePolicy());
  }
}

/**
 * Sets the headers on every response that passes Fastify's onSend hooks. The router's own
 * refusals (frameworkErrors) skip the hooks; buildApi calls setSecurityHeaders for those.
 */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  app.addHook('onSend', async (request, reply) => setSecurityHeaders(request, reply, options));
}
