import * as sdpTransform from 'sdp-transform';
import type { G711Codec } from '@vaxel/media';

/**
 * The audio stream of an SDP body (RFC 4566) as the switch needs it: where the peer listens,
 * what it can send and receive, and in which direction (RFC 3264 §6.1, hold per §8.4).
 */
export interface AudioDescription {
  /** Connection address; "0.0.0.0" is the RFC 2543 style of hold. */
  address: string;
  /** 0 means the stream was refused (RFC 3264 §6). */
  port: number;
  /** G.711 codecs offered or answered, in the peer's order of preference, with their payload types. */
  codecs: Array<{ codec: G711Codec; payloadType: number }>;
  /** Payload type of telephone-event/8000 (RFC 4733), if present. */
  telephoneEventPayloadType: number | null;
  direction: MediaDirection;
}

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** A body that is not SDP the switch can use; the switch answers 488 Not Acceptable Here. */
export class UnusableSdp extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableSdp';
  }
}

const STATIC_G711: Record<number, G711Codec> = { 0: 'PCMU', 8: 'PCMA' };

export function parseAudioDescription(body: string): AudioDescription {
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(body);
  } catch (error) {
    throw new UnusableSdp(`SDP does not parse: ${String(error)}`);
  }
  const audio = session.media?.find((m) => m.type === 'audio');
  if (!audio) throw new UnusableSdp('SDP has no audio stream');
  const address = audio.connection?.ip ?? session.connection?.ip;
  if (!address) throw new UnusableSdp('SDP has no connection address');
  if (!Number.isInteger(audio.port) || audio.port < 0 || audio.port > 65535)
    throw new UnusableSdp('SDP audio port is out of range');
  const payloads = String(audio.payloads ?? '')
    .split(/\s+/)
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
  const rtpmap = new Map((audio.rtp ?? []).map((r) => [r.payload, r]));
  const codecs: AudioDescription['codecs'] = [];
  let telephoneEventPayloadType: number | null = null;
  for (const pt of payloads) {
    const map = rtpmap.get(pt);
    const name = map?.codec.toUpperCase();
    if ((name === 'PCMU' || name === 'PCMA') && (map?.rate ?? 8000) === 8000)
      codecs.push({ codec: name, payloadType: pt });
    else if (!map && STATIC_G711[pt]) codecs.push({ codec: STATIC_G711[pt]!, payloadType: pt });
    else if (name === 'TELEPHONE-EVENT' && map?.rate === 8000 && telephoneEventPayloadType === null)
      telephoneEventPayloadType = pt;
  }
  const direction = (audio.direction ?? session.direction ?? 'sendrecv') as MediaDirection;
  return { address, port: audio.port, codecs, telephoneEventPayloadType, direction };
}

export interface LocalAudio {
  address: string;
  port: number;
  codecs: Array<{ codec: G711Codec; payloadType: number }>;
  telephoneEventPayloadType: number | null;
  direction: MediaDirection;
  /** o= session id and version; the version grows with each change (RFC 3264 §8). */
  sessionId: number;
  sessionVersion: number;
}

/** The switch's own SDP for one leg: one audio stream on the switch's advertised address. */
export function formatAudioDescription(local: LocalAudio): string {
  const ipVer = local.address.includes(':') ? 6 : 4;
  const rtp: Array<{ payload: number; codec: string; rate: number }> = local.codecs.map((c) => ({
    payload: c.payloadType,
    codec: c.codec,
    rate: 8000,
  }));
  const fmtp: Array<{ payload: number; config: string }> = [];
  const payloads = local.codecs.map((c) => c.payloadType);
  if (local.telephoneEventPayloadType !== null) {
    rtp.push({ payload: local.telephoneEventPayloadType, codec: 'telephone-event', rate: 8000 });
    fmtp.push({ payload: local.telephoneEventPayloadType, config: '0-16' });
    payloads.push(local.telephoneEventPayloadType);
  }
  return sdpTransform.write({
    version: 0,
    origin: {
      username: 'vaxel',
      sessionId: local.sessionId,
      sessionVersion: local.sessionVersion,
      netType: 'IN',
      ipVer,
      address: local.address,
    },
    name: 'vaxel',
    timing: { start: 0, stop: 0 },
    connection: { version: ipVer, ip: local.address },
    media: [
      {
        type: 'audio',
        port: local.port,
        protocol: 'RTP/AVP',
        payloads: payloads.join(' '),
        rtp,
        fmtp,
        ptime: 20,
        direction: local.direction,
      },
    ],
  } as sdpTransform.SessionDescription);
}

/** Payload type the switch uses for telephone-event on legs it offers. */
export const SWITCH_TELEPHONE_EVENT_PT = 101;
