import { InvalidStateError } from '@vaxel/media';
import { describe, expect, it } from 'vitest';
import type { MediaPlaneFigures } from '../mediaPlaneTally.ts';
import {
  carryError,
  liftError,
  MediaWorkerProtocolError,
  parseFromWorker,
  parseToWorker,
  type CommandMessage,
  type FromWorkerMessage,
} from './mediaWorkerProtocol.ts';

/** What the message is after crossing a port (structured clone). */
const crossed = <T>(message: T): unknown => structuredClone(message);

describe('the media worker protocol', () => {
  it('reads a command as the switch sent it, prompt samples included', () => {
    const command: CommandMessage = {
      kind: 'command',
      id: 7,
      callId: 'call-3',
      command: {
        name: 'play',
        side: 'caller',
        request: { clips: [new Int16Array([1, -2, 3])], loop: true, bargeIn: false, offsetMs: 40 },
      },
    };
    const read = parseToWorker(crossed(command));
    expect(read).toEqual(command);
    expect((read as CommandMessage).command).toMatchObject({ request: { clips: [new Int16Array([1, -2, 3])] } });
  });

  it('reads every kind of message a worker sends', () => {
    const messages: FromWorkerMessage[] = [
      { kind: 'ready' },
      { kind: 'reply', id: 1, result: { ok: true, value: { reason: 'finished' } } },
      { kind: 'reply', id: 2, result: { ok: false, error: { name: 'InvalidStateError', message: 'closed' } } },
      { kind: 'event', callId: 'call-1', event: { type: 'digit', side: 'callee', digit: '#', source: 'inband' } },
      { kind: 'event', callId: 'call-1', event: { type: 'inactive', side: 'caller', silentForMs: 60_000 } },
      { kind: 'stats', rtpPorts: 4, figures: figures(), load: { eventLoopDelayMs: 1.5, utilization: 0.2 } },
      { kind: 'file', id: 3, request: { op: 'write', writerId: 1, data: new Uint8Array([1, 2]), position: 44 } },
      { kind: 'file', id: 4, request: { op: 'openWriter', key: 'org/recordings/r.wav' } },
    ];
    for (const message of messages) expect(parseFromWorker(crossed(message))).toEqual(message);
  });

  it('refuses a command it does not know, a side that is none, and clips that are not samples', () => {
    const base = { kind: 'command', id: 1, callId: 'call-1' };
    expect(() => parseToWorker({ ...base, command: { name: 'explode' } })).toThrow(MediaWorkerProtocolError);
    expect(() => parseToWorker({ ...base, command: { name: 'stopPlaying', side: 'both' } })).toThrow(/no side "both"/);
    expect(() =>
      parseToWorker({
        ...base,
        command: {
          name: 'play',
          side: 'caller',
          request: { clips: [[1, 2, 3]], loop: false, bargeIn: true, offsetMs: 0 },
        },
      }),
    ).toThrow(/Int16Array/);
  });

  it('refuses a message without a counter for an id, or without a call', () => {
    expect(() => parseToWorker({ kind: 'command', id: -1, callId: 'c', command: { name: 'bridge' } })).toThrow(
      /no counter/,
    );
    expect(() => parseToWorker({ kind: 'command', id: 1, callId: '', command: { name: 'bridge' } })).toThrow(/callId/);
    expect(() => parseToWorker('bridge')).toThrow(/not an object/);
    expect(() => parseToWorker({ kind: 'stats' })).toThrow(/no message of kind "stats"/);
  });

  it('refuses a worker message that is not of the protocol', () => {
    expect(() => parseFromWorker({ kind: 'event', callId: 'c', event: { type: 'boom', side: 'caller' } })).toThrow(
      /not a call media event/,
    );
    const load = { eventLoopDelayMs: 0, utilization: 0 };
    expect(() => parseFromWorker({ kind: 'stats', rtpPorts: -1, figures: figures(), load })).toThrow(/no count/);
    expect(() => parseFromWorker({ kind: 'stats', rtpPorts: 0, figures: { calls: 1 }, load })).toThrow(
      /packetsReceived undefined is no count/,
    );
    expect(() =>
      parseFromWorker({ kind: 'stats', rtpPorts: 0, figures: { ...figures(), jitterMs: { mean: NaN, max: 0 } }, load }),
    ).toThrow(/jitter/);
    expect(() => parseFromWorker({ kind: 'stats', rtpPorts: 0, figures: figures() })).toThrow(/load is not an object/);
    expect(() => parseFromWorker({ kind: 'file', id: 1, request: { op: 'format', key: 'x' } })).toThrow(
      /unknown file operation/,
    );
    expect(() => parseFromWorker({ kind: 'file', id: 1, request: { op: 'put', key: 'x', data: 'text' } })).toThrow(
      /must be bytes/,
    );
    expect(() => parseFromWorker({ kind: 'reply', id: 1, result: { value: 1 } })).toThrow(/ok true or false/);
  });

  it('carries an error across with its name, so the switch can tell what failed', () => {
    const lifted = liftError(structuredClone(carryError(new InvalidStateError('the call media is closed'))));
    expect(lifted.name).toBe('InvalidStateError');
    expect(lifted.message).toBe('the call media is closed');
    expect(carryError('plain')).toEqual({ name: 'Error', message: 'plain' });
  });
});

function figures(): MediaPlaneFigures {
  return {
    calls: 2,
    packetsReceived: 900,
    packetsSent: 880,
    packetsLost: 3,
    strangerPacketsDropped: 12,
    streamsReceiving: 4,
    jitterMs: { mean: 0.8, max: 2.5 },
  };
}
