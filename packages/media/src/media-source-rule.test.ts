import { describe, expect, it } from 'vitest';
import { isPrivateAddress, MediaSourceRule, normaliseHost } from './media-source-rule.ts';

const phone = { address: '198.51.100.7', port: 40000 };

describe('MediaSourceRule', () => {
  describe('a phone not behind NAT (its SDP names the host its SIP came from)', () => {
    const rule = () => new MediaSourceRule(phone, { signalledFrom: '198.51.100.7' });

    it('accepts the described address and sends there', () => {
      const r = rule();
      expect(r.behindNat).toBe(false);
      expect(r.admit(phone)).toBe('accepted');
      expect(r.state).toBe('confirmed');
      expect(r.sendTo).toEqual(phone);
    });

    it('drops every other host, whoever sends first', () => {
      const r = rule();
      expect(r.admit({ address: '203.0.113.66', port: 40000 })).toBe('stranger');
      expect(r.state).toBe('awaiting');
      expect(r.admit(phone)).toBe('accepted');
      expect(r.admit({ address: '203.0.113.66', port: 40000 })).toBe('stranger');
      expect(r.sendTo).toEqual(phone);
    });

    it('learns another port of the described host once, for a phone that sends from another port', () => {
      const r = rule();
      expect(r.admit({ address: '198.51.100.7', port: 40002 })).toBe('latched');
      expect(r.sendTo).toEqual({ address: '198.51.100.7', port: 40002 });
      expect(r.admit({ address: '198.51.100.7', port: 40002 })).toBe('accepted');
      expect(r.admit({ address: '198.51.100.7', port: 40004 })).toBe('stranger');
      expect(r.sendTo).toEqual({ address: '198.51.100.7', port: 40002 });
    });

    it('learns nothing once the described address has been heard', () => {
      const r = rule();
      r.admit(phone);
      expect(r.admit({ address: '198.51.100.7', port: 40002 })).toBe('stranger');
      expect(r.sendTo).toEqual(phone);
    });
  });

  describe('a phone behind NAT', () => {
    const natted = () => new MediaSourceRule({ address: '192.168.1.20', port: 4000 }, { signalledFrom: '203.0.113.5' });

    it('trusts the host its SIP came from and learns the port its NAT picked', () => {
      const r = natted();
      expect(r.behindNat).toBe(true);
      expect(r.trustedHost).toBe('203.0.113.5');
      expect(r.admit({ address: '203.0.113.5', port: 61234 })).toBe('latched');
      expect(r.state).toBe('latched');
      expect(r.sendTo).toEqual({ address: '203.0.113.5', port: 61234 });
    });

    it('latches at most once: a second port of that host is a stranger, silence or not', () => {
      const r = natted();
      r.admit({ address: '203.0.113.5', port: 61234 });
      expect(r.admit({ address: '203.0.113.5', port: 61300 })).toBe('stranger');
      expect(r.sendTo).toEqual({ address: '203.0.113.5', port: 61234 });
    });

    it('never latches onto a host other than the SIP one, even when it sends first', () => {
      const r = natted();
      expect(r.admit({ address: '198.51.100.99', port: 61234 })).toBe('stranger');
      expect(r.admit({ address: '192.168.1.21', port: 4000 })).toBe('stranger');
      expect(r.state).toBe('awaiting');
      expect(r.admit({ address: '203.0.113.5', port: 61234 })).toBe('latched');
    });

    it('takes a public SDP address that is not the SIP host as NAT too (a carrier media gateway stays reachable at it)', () => {
      const r = new MediaSourceRule({ address: '198.51.100.50', port: 30000 }, { signalledFrom: '198.51.100.10' });
      expect(r.behindNat).toBe(true);
      expect(r.admit({ address: '198.51.100.50', port: 30002 })).toBe('stranger');
      expect(r.admit({ address: '198.51.100.50', port: 30000 })).toBe('accepted');
      expect(r.sendTo).toEqual({ address: '198.51.100.50', port: 30000 });
    });

    it('moves back to the described address when media comes from it after all', () => {
      const r = natted();
      r.admit({ address: '203.0.113.5', port: 61234 });
      expect(r.admit({ address: '192.168.1.20', port: 4000 })).toBe('accepted');
      expect(r.state).toBe('confirmed');
      expect(r.sendTo).toEqual({ address: '192.168.1.20', port: 4000 });
      expect(r.admit({ address: '203.0.113.5', port: 61234 })).toBe('stranger');
    });
  });

  it('without a signalling source, trusts only the described host', () => {
    const r = new MediaSourceRule(phone);
    expect(r.trustedHost).toBe('198.51.100.7');
    expect(r.admit({ address: '203.0.113.5', port: 61234 })).toBe('stranger');
    expect(r.admit({ address: '198.51.100.7', port: 40002 })).toBe('latched');
  });

  it('takes a host name for where SIP went (a trunk configured by name) as unknown', () => {
    const r = new MediaSourceRule({ address: '198.51.100.50', port: 30000 }, { signalledFrom: 'sip.carrier.example' });
    expect(r.behindNat).toBe(false);
    expect(r.trustedHost).toBe('198.51.100.50');
    expect(r.admit({ address: '198.51.100.50', port: 30002 })).toBe('latched');
  });

  it('calls a private described address NAT even when SIP came from it, trusting that same host', () => {
    const r = new MediaSourceRule({ address: '10.0.0.8', port: 4000 }, { signalledFrom: '10.0.0.8' });
    expect(r.behindNat).toBe(true);
    expect(r.trustedHost).toBe('10.0.0.8');
  });

  it('matches an IPv4 peer seen through a dual-stack socket', () => {
    const r = new MediaSourceRule({ address: '127.0.0.1', port: 5000 }, { signalledFrom: '::ffff:127.0.0.1' });
    expect(r.behindNat).toBe(false);
    expect(r.admit({ address: '::ffff:127.0.0.1', port: 5000 })).toBe('accepted');
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.10',
    '100.64.0.1',
    '169.254.1.1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:192.168.1.1',
  ])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });
  it.each(['8.8.8.8', '172.15.0.1', '172.32.0.1', '100.128.0.1', '127.0.0.1', '2001:db8::1', '::1'])(
    '%s is not',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('normaliseHost', () => {
  it('unwraps IPv4-mapped IPv6 and lower-cases IPv6', () => {
    expect(normaliseHost('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseHost('2001:DB8::1')).toBe('2001:db8::1');
  });
});
