import { describe, expect, it } from 'vitest';
import { listeningEntry } from './listeningEntry.ts';

describe('a call for listening to voicemail', () => {
  it('is *98 from a user’s own phone: their box, without a PIN', () => {
    expect(listeningEntry('*98', { type: 'user', userId: 'u1' }, null)).toEqual({ kind: 'ownBox', owner: { type: 'user', userId: 'u1' } });
  });

  it('is the voicemail access, from a user or from outside: box and PIN asked', () => {
    expect(listeningEntry('190', { type: 'user', userId: 'u1' }, '190')).toEqual({ kind: 'askForBox' });
    expect(listeningEntry('+46812345670', { type: 'trunk' }, '+46812345670')).toEqual({ kind: 'askForBox' });
  });

  it('is not *98 from a trunk, nor any other number', () => {
    expect(listeningEntry('*98', { type: 'trunk' }, null)).toBeNull();
    expect(listeningEntry('201', { type: 'user', userId: 'u1' }, '190')).toBeNull();
  });
});
