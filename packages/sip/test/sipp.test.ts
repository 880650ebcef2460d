/**
 * sipp (SIPp 3.x, from Debian's sip-tester) against a tiny UAS built on this stack: an OPTIONS
 * ping, and a full INVITE / 180 / 200 / ACK / BYE call with sipp's built-in "uac" scenario, over
 * UDP and TCP. sipp exits 0 only when every call succeeded.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '@vaxel/testing';
import { DialogState } from '../src/dialog/dialog.ts';
import { UserAgent } from '../src/dialog/user-agent.ts';
import { TcpTransport } from '../src/transport/tcp-transport.ts';
import { UdpTransport } from '../src/transport/udp-transport.ts';

const run = promisify(execFile);
// A missing sipp fails this suite (requireTool), never skips it.
const sippPath = requireTool('sipp');

const OPTIONS_SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="options ping">
  <send retrans="500"><![CDATA[
OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 OPTIONS
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" />
</scenario>
`;

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

describe('sipp against a UserAgent', () => {
  let dir: string;
  let udp: UdpTransport;
  let tcp: TcpTransport;
  let ua: UserAgent;
  const ended: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sipp-'));
    writeFileSync(join(dir, 'options.xml'), OPTIONS_SCENARIO);
    udp = new UdpTransport({ host: '127.0.0.1', port: 0 });
    tcp = new TcpTransport({ host: '127.0.0.1', port: 0 });
    ua = new UserAgent({
      transports: [udp, tcp],
      onInvite: (invite) => {
        invite.progress(180);
        invite.accept({ body: SDP, headers: [['Content-Type', 'application/sdp']] });
      },
      onDialogTerminated: (_, reason) => ended.push(reason),
    });
    await ua.listen();
  });

  afterAll(async () => {
    await ua.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sipp(args: string[]): Promise<string> {
    const { stdout } = await run(
      sippPath,
      [
        ...args,
        '-m',
        '1',
        '-i',
        '127.0.0.1',
        '-p',
        '0',
        '-d',
        '100',
        '-nostdin',
        '-timeout',
        '20',
        '-timeout_error',
        '-trace_err',
        '-error_file',
        join(dir, 'errors.log'),
      ],
      { timeout: 30_000 },
    );
    return stdout;
  }

  it('answers an OPTIONS ping with 200', async () => {
    const output = await sipp(['-sf', join(dir, 'options.xml'), `127.0.0.1:${udp.local.port}`]);
    expect(output).toMatch(/Successful call\s+\|\s+0\s+\|\s+1/);
  });

  it.each([
    ['UDP', 'u1', () => udp.local.port],
    ['TCP', 't1', () => tcp.local.port],
  ] as const)('completes an INVITE / BYE call over %s', async (_, transportMode, port) => {
    const before = ended.length;
    const output = await sipp(['-sn', 'uac', '-t', transportMode, `127.0.0.1:${port()}`]);
    expect(output).toMatch(/Successful call\s+\|\s+0\s+\|\s+1/);
    expect(ended.slice(before)).toEqual(['bye-received']);
    expect(ua.dialogs().filter((dialog) => dialog.state !== DialogState.Terminated)).toHaveLength(0);
  });
});
