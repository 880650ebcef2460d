import type { TrunkRecord } from '@vaxel/store';
import { describe, expect, it } from 'vitest';
import { selectTrunk, trunkForSource } from './selectTrunk.ts';

const trunk = (id: string, organisationIds: string[], inboundAddresses: string[] = []): TrunkRecord => ({
  id,
  name: id,
  host: '127.0.0.1',
  port: 5070,
  transport: 'udp',
  inboundAddresses,
  username: null,
  password: null,
  organisationIds,
  forwardedCallerId: 'original_with_diversion',
});

describe('selectTrunk', () => {
  it('prefers a trunk that names the organisation over one open to all', () => {
    expect(selectTrunk([trunk('a-all', []), trunk('b-mine', ['org1'])], 'org1')?.id).toBe('b-mine');
  });
  it('falls back to a trunk open to all organisations', () => {
    expect(selectTrunk([trunk('other', ['org2']), trunk('all', [])], 'org1')?.id).toBe('all');
  });
  it('finds none when every trunk belongs to other organisations', () => {
    expect(selectTrunk([trunk('other', ['org2'])], 'org1')).toBeNull();
  });
});

describe('trunkForSource', () => {
  it('recognises a carrier by source address, also in IPv4-mapped IPv6 form', () => {
    const carrier = trunk('carrier', [], ['127.0.0.2']);
    expect(trunkForSource([carrier], '::ffff:127.0.0.2')?.id).toBe('carrier');
    expect(trunkForSource([carrier], '127.0.0.3')).toBeNull();
  });
});
