import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { collectDigits, DigitQueue, type DigitCollection } from './collectDigits.ts';
import { FakeCallMedia } from './fakes.ts';

const entry: DigitCollection = {
  firstDigitTimeoutMs: 5000,
  interDigitTimeoutMs: 3000,
  maxDigits: 4,
  terminators: ['#'],
};

function setUp() {
  const media = new FakeCallMedia();
  const clock = new FakeClock();
  const queue = new DigitQueue(media);
  const abort = new AbortController();
  return { media, clock, queue, abort };
}

/** Lets the collection's awaits run, so it sets its next timer. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('collectDigits', () => {
  it('returns the digits pressed before it started first (typed ahead during a prompt), in order', async () => {
    const { media, clock, queue, abort } = setUp();
    for (const d of ['1', '0', '0', '2'] as const) media.press(d);
    await expect(collectDigits(queue, clock, entry, abort.signal)).resolves.toEqual({
      digits: '1002',
      endedBy: 'maxDigits',
    });
  });

  it('ends with no digits when nothing is pressed within the first-digit timeout', async () => {
    const { clock, queue, abort } = setUp();
    const result = collectDigits(queue, clock, entry, abort.signal);
    await settle();
    clock.advance(4999);
    await settle();
    let done = false;
    void result.then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    clock.advance(1);
    await expect(result).resolves.toEqual({ digits: '', endedBy: 'timeout' });
  });

  it('ends an entry when the next digit does not come within the inter-digit timeout', async () => {
    const { media, clock, queue, abort } = setUp();
    const result = collectDigits(queue, clock, entry, abort.signal);
    await settle();
    clock.advance(4000);
    media.press('1');
    await settle();
    clock.advance(2000);
    media.press('0');
    await settle();
    clock.advance(3000);
    await expect(result).resolves.toEqual({ digits: '10', endedBy: 'timeout' });
  });

  it('ends at a terminator, which is not part of the digits', async () => {
    const { media, clock, queue, abort } = setUp();
    media.press('4');
    media.press('2');
    media.press('#');
    media.press('9');
    await expect(collectDigits(queue, clock, entry, abort.signal)).resolves.toEqual({
      digits: '42',
      endedBy: 'terminator',
      terminator: '#',
    });
    expect(queue.pending).toBe(1);
  });

  it('reports a terminator pressed first with empty digits, so a menu can take it as its # key', async () => {
    const { media, clock, queue, abort } = setUp();
    media.press('#');
    await expect(collectDigits(queue, clock, entry, abort.signal)).resolves.toEqual({
      digits: '',
      endedBy: 'terminator',
      terminator: '#',
    });
  });

  it('ends as soon as the entry is complete by the caller’s rule', async () => {
    const { media, clock, queue, abort } = setUp();
    media.press('7');
    media.press('1');
    const complete = (digits: string) => digits === '7';
    await expect(collectDigits(queue, clock, { ...entry, complete }, abort.signal)).resolves.toEqual({
      digits: '7',
      endedBy: 'complete',
    });
  });

  it('ends as aborted when the caller hangs up while it waits', async () => {
    const { media, clock, queue, abort } = setUp();
    media.press('5');
    const result = collectDigits(queue, clock, entry, abort.signal);
    await settle();
    abort.abort();
    await expect(result).resolves.toEqual({ digits: '5', endedBy: 'aborted' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('hears only the side it listens to', async () => {
    const { media, clock, queue, abort } = setUp();
    media.press('3', 'callee');
    media.press('8', 'caller');
    await expect(collectDigits(queue, clock, { ...entry, maxDigits: 1 }, abort.signal)).resolves.toEqual({
      digits: '8',
      endedBy: 'maxDigits',
    });
  });
});

describe('DigitQueue', () => {
  it('stops listening when closed: digits pressed afterwards are not kept and a waiting read ends', async () => {
    const { media, clock, queue, abort } = setUp();
    const waiting = queue.next(clock, 5000, abort.signal);
    queue.close();
    await expect(waiting).resolves.toBeNull();
    media.press('1');
    expect(queue.pending).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('forgets what was typed ahead on clear()', () => {
    const { media, queue } = setUp();
    media.press('1');
    media.press('2');
    queue.clear();
    expect(queue.pending).toBe(0);
  });
});
