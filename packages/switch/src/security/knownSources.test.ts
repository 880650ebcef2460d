import { describe, expect, it } from 'vitest';
import { KnownSources } from './knownSources.ts';

describe('known sources', () => {
  it('knows a trunk address, a registered address until its binding expires, and nobody else', () => {
    let now = 1000;
    const sources = new KnownSources(() => now);
    sources.setTrunkAddresses(['192.0.2.1']);
    sources.registered('198.51.100.7', 61_000);
    expect(sources.kind('192.0.2.1')).toBe('trunk');
    expect(sources.kind('198.51.100.7')).toBe('registered');
    expect(sources.kind('203.0.113.9')).toBe('stranger');
    now = 61_000;
    expect(sources.kind('198.51.100.7')).toBe('stranger');
    expect(sources.size).toBe(1);
  });

  it('keeps the latest expiry when a second device registers from the same address', () => {
    let now = 0;
    const sources = new KnownSources(() => now);
    sources.registered('198.51.100.7', 120_000);
    sources.registered('198.51.100.7', 60_000);
    now = 90_000;
    expect(sources.kind('198.51.100.7')).toBe('registered');
  });

  it('matches an IPv4-mapped IPv6 source to its IPv4 address, as calls from trunks are matched', () => {
    const sources = new KnownSources(() => 0);
    sources.setTrunkAddresses(['192.0.2.1']);
    sources.registered('::ffff:198.51.100.7', 60_000);
    expect(sources.kind('::ffff:192.0.2.1')).toBe('trunk');
    expect(sources.kind('198.51.100.7')).toBe('registered');
  });
});
