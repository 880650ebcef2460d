import { describe, expect, it } from 'vitest';
import { TrunkCreate, TrunkUpdate } from './trunk.ts';

describe('a trunk’s forwarded caller ID', () => {
  it('is the original caller with a Diversion unless the operator says otherwise', () => {
    expect(TrunkCreate.parse({ name: 'Carrier', host: 'sip.carrier.example' }).forwardedCallerId).toBe(
      'original_with_diversion',
    );
    expect(
      TrunkCreate.parse({ name: 'Carrier', host: 'sip.carrier.example', forwardedCallerId: 'organisation_number' })
        .forwardedCallerId,
    ).toBe('organisation_number');
  });

  it('is left as it is by an update that does not name it', () => {
    expect(TrunkUpdate.parse({ port: 5080 })).toEqual({ port: 5080 });
  });

  it('refuses a value it does not know, naming the field', () => {
    const result = TrunkUpdate.safeParse({ forwardedCallerId: 'anonymous' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['forwardedCallerId']);
  });
});
