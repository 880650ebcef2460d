/**
 * Smoke test with the PROTOS c07-sip test material (University of Oulu): thousands of
 * malformed INVITEs. Each test case file holds "<length> <message template>" followed by a
 * teardown template; placeholders like <From-Address> are filled in as the PROTOS tool does.
 * The parser and validator must answer every one with a result or a `SipParseError`, never throw.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTestdata } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from './parser.ts';
import { validateRequest } from './validate-request.ts';
import { validateResponse } from './validate-response.ts';

const ARCHIVE = findTestdata('protos-c07-sip/testcases.tar.gz');
/** Every SAMPLE_STEP-th case; the full set runs in well under a second on a fast machine but we share 2 cores. */
const SAMPLE_STEP = 7;

const PLACEHOLDERS: Record<string, string> = {
  '<From-Address>': '192.0.2.1',
  '<From-IP>': '192.0.2.1',
  '<Local-Port>': '5060',
  '<To>': 'receiver@192.0.2.2',
  '<From>': 'sender@192.0.2.1',
  '<Branch-ID>': 'protos',
  '<Call-ID>': 'protos-call',
  '<CSeq>': '1',
  '<Teardown-Method>': 'CANCEL',
};

/** Takes the first message of a test case and fills in its placeholders (Content-Length last, from the real body). */
function materialise(testCase: Buffer): Buffer {
  const prefix = /^(\d+) /.exec(testCase.subarray(0, 12).toString('latin1'));
  const template = prefix ? testCase.subarray(prefix[0].length, prefix[0].length + Number(prefix[1])) : testCase;
  let text = template.toString('latin1');
  for (const [placeholder, value] of Object.entries(PLACEHOLDERS)) text = text.split(placeholder).join(value);
  const split = text.indexOf('\r\n\r\n');
  const bodyLength = split < 0 ? 0 : text.length - split - 4;
  return Buffer.from(text.split('<Content-Length>').join(String(bodyLength)), 'latin1');
}

describe.skipIf(!ARCHIVE)('PROTOS c07-sip test material', () => {
  let dir: string;
  let cases: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'protos-c07-'));
    execFileSync('tar', ['xzf', ARCHIVE!, '-C', dir]);
    cases = readdirSync(join(dir, 'testcases')).sort();
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses the unmodified first case (a valid INVITE) successfully', () => {
    const parsed = parseMessage(materialise(readFileSync(join(dir, 'testcases', cases[0]!))), {
      transport: 'datagram',
    });
    expect(parsed.ok).toBe(true);
  });

  it('answers a sample of the malformed cases with a result or a named parse error, never a crash', () => {
    const sample = cases.filter((_, index) => index % SAMPLE_STEP === 0);
    const outcomes = { parsed: 0, rejected: 0 };
    for (const name of sample) {
      const parsed = parseMessage(materialise(readFileSync(join(dir, 'testcases', name))), { transport: 'datagram' });
      if (!parsed.ok) {
        expect(parsed.error.name).toBe('SipParseError');
        expect(parsed.error.status).toBeGreaterThanOrEqual(400);
        outcomes.rejected++;
        continue;
      }
      outcomes.parsed++;
      // The validators must not throw anything but a SipParseError either.
      try {
        if (parsed.message.kind === 'request') validateRequest(parsed.message, { role: 'endpoint' });
        else validateResponse(parsed.message, 'endpoint');
      } catch (error) {
        expect((error as Error).name, `${name}: ${(error as Error).message}`).toBe('SipParseError');
      }
    }
    expect(outcomes.parsed + outcomes.rejected).toBe(sample.length);
    expect(outcomes.rejected).toBeGreaterThan(0);
  });
});
