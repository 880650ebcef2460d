/**
 * The Content-Security-Policy nonce of this page, for the <style> elements Mantine writes at run
 * time (theme variables, responsive styles). The server fills a fresh one into index.html per
 * response where Vite's `html.cspNonce` left the placeholder (vite.config.ts); the Vite dev server
 * sends no policy and leaves the placeholder, which then means "no nonce".
 */
export const cspNoncePlaceholder = 'VAXEL_CSP_NONCE';

export function styleNonce(doc: Document = document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  // Browsers hide the nonce attribute once the policy applies; the property keeps the value.
  const nonce = meta?.nonce || meta?.getAttribute('nonce') || '';
  return nonce && nonce !== cspNoncePlaceholder ? nonce : undefined;
}
