import { describe, expect, it, vi } from 'vitest';
import { TypedEventEmitter } from './typed-event-emitter.ts';

class Source extends TypedEventEmitter<{ packet: [number]; close: [] }> {
  send(n: number): boolean {
    return this.emit('packet', n);
  }
  end(): boolean {
    return this.emit('close');
  }
}

describe('TypedEventEmitter', () => {
  it('calls every listener in the order added, and says whether there was any', () => {
    const source = new Source();
    const heard: string[] = [];
    expect(source.send(1)).toBe(false);
    source.on('packet', (n) => heard.push(`a${n}`));
    source.on('packet', (n) => heard.push(`b${n}`));
    expect(source.send(2)).toBe(true);
    expect(heard).toEqual(['a2', 'b2']);
    expect(source.end()).toBe(false);
  });

  it('calls a once listener once', () => {
    const source = new Source();
    const listener = vi.fn();
    source.once('packet', listener);
    source.send(1);
    source.send(2);
    expect(listener.mock.calls).toEqual([[1]]);
    expect(source.listenerCount('packet')).toBe(0);
    // Removed before it fired, by the listener itself.
    source.once('packet', listener);
    source.off('packet', listener);
    source.send(3);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('applies a listener added or removed during an emit from the next emit on', () => {
    const source = new Source();
    const heard: string[] = [];
    const late = (n: number) => heard.push(`late${n}`);
    const second = (n: number) => heard.push(`second${n}`);
    source.on('packet', (n) => {
      heard.push(`first${n}`);
      source.off('packet', second);
      source.on('packet', late);
    });
    source.on('packet', second);
    source.send(1);
    expect(heard).toEqual(['first1', 'second1']);
    heard.length = 0;
    source.send(2);
    expect(heard).toEqual(['first2', 'late2']);
  });

  it('removes one registration of a listener added twice, and all at once', () => {
    const source = new Source();
    const listener = vi.fn();
    source.on('packet', listener).on('packet', listener);
    source.off('packet', listener);
    source.send(1);
    expect(listener).toHaveBeenCalledTimes(1);
    source.removeAllListeners();
    source.send(2);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(source.listenerCount('packet')).toBe(0);
  });

  it('keeps calling the others when a listener throws, and warns', () => {
    const source = new Source();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const after = vi.fn();
    source.on('packet', () => {
      throw new Error('faulty consumer');
    });
    source.on('packet', after);
    source.send(3);
    expect(after).toHaveBeenCalledWith(3);
    expect(warn).toHaveBeenCalledWith("listener for 'packet' threw: faulty consumer", 'MediaListenerWarning');
    warn.mockRestore();
  });
});
