import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '../problem.ts';
import { consolePolicy, cspNoncePlaceholder } from './securityHeaders.ts';

/** Vite names built files `assets/<name>-<content hash>.<ext>`: a new build means new names. */
const hashedAsset = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;

/**
 * Serves the built console, a single-page app: unknown non-API GETs get its index.html. A path
 * naming a file (an asset of a console built after start) is served when it exists and is a 404
 * otherwise, never the index page, which a browser would try to run as a script.
 *
 * Caching: hashed assets never change under their name, so browsers keep them for a year.
 * index.html carries a fresh CSP nonce each time, so it is never stored (a stored copy would
 * hold a nonce that no later policy allows); other files are revalidated.
 */
export function consoleFiles(webRoot: string) {
  const root = resolve(webRoot);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    if (
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      path.startsWith('/api/') ||
      path.startsWith('/docs')
    ) {
      return sendProblem(reply, problem(404, 'not_found', `No route ${request.method} ${path}`));
    }
    if (/\.[A-Za-z0-9]+$/.test(path) && path !== '/index.html') {
      const file = fileIn(root, path);
      if (file && existsSync(file)) {
        reply.header('cache-control', hashedAsset.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.sendFile(relative(root, file), root);
      }
      return sendProblem(reply, problem(404, 'not_found', `No file ${path}`));
    }
    const index = join(root, 'index.html');
    if (!existsSync(index))
      return sendProblem(reply, problem(404, 'not_found', 'The console is not built on this server.'));
    const nonce = randomBytes(16).toString('base64');
    const html = (await readFile(index, 'utf8')).replaceAll(cspNoncePlaceholder, nonce);
    return reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', consolePolicy(nonce))
      .type('text/html; charset=utf-8')
      .send(html);
  };
}

/** The file a URL path names inside the root, or null for anything that would leave it. */
function fileIn(root: string, path: string): string | null {
  try {
    const file = resolve(root, `.${decodeURIComponent(path)}`);
    return file.startsWith(root + sep) ? file : null;
  } catch {
    return null;
  }
}
