/**
 * The methods the API answers at a concrete path, from the route table (`/orgs/:orgId/users`
 * patterns). The not-found handler uses it to tell a wrong method (405 with `Allow`, RFC 9110
 * §15.5.6) from a path that does not exist (404), and to answer OPTIONS (§9.3.7).
 */
export function allowedMethods(routes: ReadonlyArray<{ method: string; url: string }>, path: string): string[] {
  const segments = path.split('/');
  const methods = new Set<string>();
  for (const route of routes) {
    if (matches(route.url.split('/'), segments)) methods.add(route.method);
  }
  // Fastify answers HEAD wherever it answers GET (exposeHeadRoutes).
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size > 0) methods.add('OPTIONS');
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function matches(pattern: string[], segments: string[]): boolean {
  if (pattern.length !== segments.length) return false;
  return pattern.every((part, i) => (part.startsWith(':') ? segments[i] !== '' : part === segments[i]));
}
