/**
 * Two UserAgents talking over real sockets: a call set up and torn down over UDP and TCP, on
 * IPv4 and IPv6, and nothing left behind afterwards (transactions, dialogs, connections).
 * T1 is shortened to 10 ms so that the 64*T1 timers drain within a second.
 */
import { until } from '@vaxel/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingInvite } from '../src/dialog/incoming-invite.ts';
import { UserAgent } from '../src/dialog/user-agent.ts';
import { TcpTransport } from '../src/transport/tcp-transport.ts';
import type { Transport } from '../src/transport/transport.ts';
import { UdpTransport } from '../src/transport/udp-transport.ts';
import { formatHost } from '../src/message/uri.ts';

const variants = [
  { name: 'UDP over IPv4', host: '127.0.0.1', make: (): Transport => new UdpTransport({ host: '127.0.0.1', port: 0 }) },
  { name: 'UDP over IPv6', host: '::1', make: (): Transport => new UdpTransport({ host: '::1', port: 0 }) },
  { name: 'TCP over IPv4', host: '127.0.0.1', make: (): Transport => new TcpTransport({ host: '127.0.0.1', port: 0 }) },
  { name: 'TCP over IPv6', host: '::1', make: (): Transport => new TcpTransport({ host: '::1', port: 0 }) },
];

for (const variant of variants) {
  describe(`UserAgent over ${variant.name}`, () => {
    const agents: UserAgent[] = [];
    afterEach(async () => {
      await Promise.all(agents.splice(0).map((agent) => agent.close()));
    });

    it('sets up and tears down a call, leaving nothing behind', async () => {
      const timers = { T1: 10, T2: 40, T4: 50 };
      const callerTransport = variant.make();
      const calleeTransport = variant.make();
      const invites: IncomingInvite[] = [];
      const caller = new UserAgent({ transports: [callerTransport], timers, contactUser: 'caller' });
      const callee = new UserAgent({
        transports: [calleeTransport],
        timers,
        contactUser: 'callee',
        onInvite: (invite) => {
          invites.push(invite);
          invite.progress(180);
          invite.accept({ body: 'v=0\r\n', headers: [['Content-Type', 'application/sdp']] });
        },
      });
      agents.push(caller, callee);
      await caller.listen();
      await callee.listen();

      const transport = variant.name.startsWith('TCP') ? ';transport=tcp' : '';
      const outgoing = caller.invite({
        uri: `sip:callee@${formatHost(variant.host)}:${calleeTransport.local.port}${transport}`,
        from: '<sip:caller@example.com>',
      });
      const outcome = await outgoing.outcome;
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      // The callee's INVITE is confirmed once the caller's ACK reaches it.
      await until('the callee got the ACK', () => invites[0]?.state === 'Confirmed' || `INVITE ${invites[0]?.state}`);
      expect(callee.stats().dialogs).toBe(1);

      expect((await caller.bye(outcome.dialog)).status).toBe(200);
      // The transactions end by their timers (Timer K, J: short here, T1 10 ms).
      await until(
        'both user agents without transactions',
        () => caller.stats().transactions + callee.stats().transactions === 0,
      );
      expect(caller.stats()).toMatchObject({ transactions: 0, dialogs: 0 });
      expect(callee.stats()).toMatchObject({ transactions: 0, dialogs: 0 });

      await caller.close();
      await callee.close();
      expect(caller.stats().connections + callee.stats().connections).toBe(0);
    });
  });
}
