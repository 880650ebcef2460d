import { describe, expect, it } from 'vitest';
import { audioFileUsages, destinationUsages } from './references.ts';

const menu = {
  type: 'ivrMenu',
  id: 'm1',
  name: 'Main menu',
  settings: {
    prompts: [{ type: 'audioFile', audioFileId: 'a1' }],
    keys: { '1': { type: 'responseGroup', responseGroupId: 'g1' }, '2': { type: 'ivrMenu', ivrMenuId: 'm2' } },
  },
};
const group = {
  type: 'responseGroup',
  id: 'g1',
  name: 'Support',
  settings: {
    queue: {
      musicOnHoldAudioFileId: 'a1',
      limitReachedDestination: { type: 'playMessage', prompt: { type: 'audioFile', audioFileId: 'a2' } },
    },
  },
};

describe('audioFileUsages', () => {
  it('lists every place that uses a file, with the field', () => {
    expect(audioFileUsages('a1', [menu, group])).toEqual([
      { type: 'ivrMenu', id: 'm1', name: 'Main menu', field: 'prompts[0]' },
      { type: 'responseGroup', id: 'g1', name: 'Support', field: 'queue.musicOnHoldAudioFileId' },
    ]);
  });

  it('finds a file nested inside a destination prompt', () => {
    expect(audioFileUsages('a2', [menu, group]).map((u) => u.field)).toEqual(['queue.limitReachedDestination.prompt']);
  });

  it('finds nothing for an unused file', () => {
    expect(audioFileUsages('a3', [menu, group])).toEqual([]);
  });
});

describe('destinationUsages', () => {
  it('lists the menus that send calls to a menu', () => {
    expect(destinationUsages({ type: 'ivrMenu', id: 'm2' }, [menu, group])).toEqual([
      { type: 'ivrMenu', id: 'm1', name: 'Main menu', field: 'keys.2' },
    ]);
  });
});
