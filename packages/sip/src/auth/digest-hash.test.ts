import { describe, expect, it } from 'vitest';
import { computeDigestResponse, computeHa1 } from './digest-hash.ts';

describe('digest response vectors', () => {
  it('matches the RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: { nc: '00000001', cnonce: '0a4f113b' },
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('matches the RFC 7616 §3.9.1 example with SHA-256 and with MD5', () => {
    const input = {
      method: 'GET',
      uri: '/dir/index.html',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: { nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
    };
    const sha = computeHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(computeDigestResponse({ ...input, algorithm: 'SHA-256', ha1: sha })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
    const md5 = computeHa1('MD5', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(computeDigestResponse({ ...input, algorithm: 'MD5', ha1: md5 })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });
});
