import { describe, expect, it, vi } from 'vitest';
import { TypedEventEmitter } from './typed-event-emitter.ts';

class Ticker extends TypedEventEmitter<{ tick: [n: number] }> {
  tick(n: number): boolean {
    return this.emit('tick', n);
  }
}

describe('TypedEventEmitter', () => {
  it('calls listeners in the order they were added and says whether there were any', () => {
    const ticker = new Ticker();
    expect(ticker.tick(0)).toBe(false);
    const heard: string[] = [];
    ticker.on('tick', (n) => heard.push(`a${n}`)).on('tick', (n) => heard.push(`b${n}`));
    expect(ticker.tick(1)).toBe(true);
    expect(heard).toEqual(['a1', 'b1']);
  });

  it('calls a once listener once, and a listener added or removed during an emit only from the next', () => {
    const ticker = new Ticker();
    const heard: string[] = [];
    const late = (n: number) => heard.push(`late${n}`);
    const removed = (n: number) => heard.push(`removed${n}`);
    ticker.once('tick', (n) => heard.push(`once${n}`));
    ticker.on('tick', () => {
      ticker.on('tick', late);
      ticker.off('tick', removed);
    });
    ticker.on('tick', removed);
    ticker.tick(1);
    ticker.tick(2);
    expect(heard).toEqual(['once1', 'removed1', 'late2']);
    expect(ticker.listenerCount('tick')).toBe(3); // the adder and `late` twice (added on each emit)
  });

  it('removes only the last registration of a listener added twice', () => {
    const ticker = new Ticker();
    const listener = vi.fn();
    ticker.on('tick', listener).on('tick', listener).off('tick', listener);
    ticker.tick(1);
    expect(listener).toHaveBeenCalledTimes(1);
    ticker.removeAllListeners();
    expect(ticker.tick(2)).toBe(false);
  });

  it('goes on to the other listeners when one throws, and warns', () => {
    const ticker = new Ticker();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const after = vi.fn();
    ticker.on('tick', () => {
      throw new Error('broken consumer');
    });
    ticker.on('tick', after);
    ticker.tick(1);
    expect(after).toHaveBeenCalledWith(1);
    expect(warn).toHaveBeenCalledWith("listener for 'tick' threw: broken consumer", 'MediaListenerWarning');
    warn.mockRestore();
  });
});
