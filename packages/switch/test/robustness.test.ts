import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { findTestdata } from '@vaxel/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeft, lastCall, startWorld, stopWorld, type World } from './switchHarness.ts';

let world: World;
let carrier: Socket;
beforeAll(async () => {
  world = await startWorld();
  carrier = createSocket('udp4');
  // The trunk's inbound address: INVITEs from here are not challenged.
  await new Promise<void>((resolve) => carrier.bind(0, '127.0.0.2', resolve));
});
afterAll(async () => {
  carrier.close();
  await stopWorld(world);
});
afterEach(async () => expectNothingLeft(world));

function exchange(text: string | Buffer, waitForStatus = true): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      carrier.off('message', onMessage);
      resolve(null);
    }, 2000);
    const onMessage = (message: Buffer) => {
      const reply = message.toString();
      if (waitForStatus && /^SIP\/2.0 1\d\d/.test(reply)) return;
      clearTimeout(timer);
      carrier.off('message', onMessage);
      resolve(reply);
    };
    carrier.on('message', onMessage);
    carrier.send(
      typeof text === 'string' ? Buffer.from(text.replace(/\n/g, '\r\n')) : text,
      world.switchPort,
      '127.0.0.1',
    );
  });
}

const invite = (branch: string, body: string) => `INVITE sip:${world.seed.numbers.bobLandline}@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.2:${carrier.address().port};branch=z9hG4bK${branch}
From: <sip:+46701112233@127.0.0.2>;tag=abc
To: <sip:${world.seed.numbers.bobLandline}@127.0.0.1>
Call-ID: ${branch}@robustness
CSeq: 1 INVITE
Contact: <sip:carrier@127.0.0.2:${carrier.address().port}>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: ${Buffer.byteLength(body.replace(/\n/g, '\r\n'))}

${body}`;

const ack = (branch: string, toTag: string) => `ACK sip:${world.seed.numbers.bobLandline}@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.2:${carrier.address().port};branch=z9hG4bK${branch}
From: <sip:+46701112233@127.0.0.2>;tag=abc
To: <sip:${world.seed.numbers.bobLandline}@127.0.0.1>;tag=${toTag}
Call-ID: ${branch}@robustness
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

`;

describe('bad input from a SIP peer', () => {
  it('answers an INVITE whose SDP has no usable audio with 488 and logs the call as failed', async () => {
    const reply = await exchange(
      invite('nosdp1', 'v=0\no=- 1 1 IN IP4 127.0.0.2\ns=-\nc=IN IP4 127.0.0.2\nt=0 0\nm=video 4000 RTP/AVP 96\n'),
    );
    expect(reply).toMatch(/^SIP\/2.0 488/);
    expect(reply).toMatch(/Warning: 399 vaxel "SDP has no audio stream"/);
    carrier.send(
      Buffer.from(ack('nosdp1', /To:.*tag=([^\s;]+)/.exec(reply!)![1]!).replace(/\n/g, '\r\n')),
      world.switchPort,
      '127.0.0.1',
    );
    const record = await lastCall(world);
    expect(record).toMatchObject({ direction: 'inbound', outcome: 'failed' });
  });

  it('keeps running after garbage datagrams and still answers OPTIONS', async () => {
    carrier.send(Buffer.from([0, 1, 2, 3, 255, 254]), world.switchPort, '127.0.0.1');
    carrier.send(Buffer.from('INVITE sip:x SIP/2.0\r\nVia: nonsense\r\n\r\n'), world.switchPort, '127.0.0.1');
    const reply = await exchange(`OPTIONS sip:127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.2:${carrier.address().port};branch=z9hG4bKopt1
From: <sip:probe@127.0.0.2>;tag=p
To: <sip:127.0.0.1>
Call-ID: opt1@robustness
CSeq: 1 OPTIONS
Max-Forwards: 70
Content-Length: 0

`);
    expect(reply).toMatch(/^SIP\/2.0 200/);
    expect(reply).toMatch(/Allow: .*REGISTER/);
  });
});

const RFC4475 = findTestdata('rfc4475');

/** An RFC 4475 message with its Via's sent-by moved onto loopback, so any answer comes back here. */
function torture(name: string, sentBy: string): Buffer {
  const text = readFileSync(`${RFC4475}/${name}`, 'latin1');
  if (!text.includes(sentBy)) throw new Error(`${name} has no Via sent-by ${sentBy}`);
  return Buffer.from(text.replace(sentBy, `127.0.0.2:${carrier.address().port}`), 'latin1');
}

describe.skipIf(!RFC4475)('RFC 4475 torture messages at the switch', () => {
  it('answers unksm2 (a REGISTER whose To is not a SIP URI) 400 before any challenge', async () => {
    const reply = await exchange(torture('unksm2.dat', '192.0.2.21:5060'));
    expect(reply).toMatch(/^SIP\/2.0 400/);
    expect(reply).not.toMatch(/WWW-Authenticate/i);
  });

  it('drops badinv01 (extraneous Via separators) unanswered, and still answers OPTIONS', async () => {
    expect(await exchange(torture('badinv01.dat', '192.0.2.15'))).toBeNull();
    const reply = await exchange(`OPTIONS sip:127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.2:${carrier.address().port};branch=z9hG4bKopt4475
From: <sip:probe@127.0.0.2>;tag=p
To: <sip:127.0.0.1>
Call-ID: opt4475@robustness
CSeq: 1 OPTIONS
Max-Forwards: 70
Content-Length: 0

`);
    expect(reply).toMatch(/^SIP\/2.0 200/);
  });
});
