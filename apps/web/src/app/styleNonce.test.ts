import { describe, expect, it } from 'vitest';
import { styleNonce } from './styleNonce.ts';

function page(head: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body></body></html>`, 'text/html');
}

describe('the style nonce', () => {
  it('is the one the server filled into the csp-nonce meta element', () => {
    expect(styleNonce(page('<meta property="csp-nonce" nonce="q0Zb3c7vJ1y2Wm8xK4LrTg==">'))).toBe(
      'q0Zb3c7vJ1y2Wm8xK4LrTg==',
    );
  });

  it('is absent when the placeholder was left (Vite dev server) or there is no meta element', () => {
    expect(styleNonce(page('<meta property="csp-nonce" nonce="VAXEL_CSP_NONCE">'))).toBeUndefined();
    expect(styleNonce(page(''))).toBeUndefined();
  });
});
