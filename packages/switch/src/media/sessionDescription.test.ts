import { describe, expect, it } from 'vitest';
import { formatAudioDescription, parseAudioDescription, UnusableSdp } from './sessionDescription.ts';

const offer = [
  'v=0',
  'o=- 1 1 IN IP4 10.0.0.5',
  's=-',
  'c=IN IP4 10.0.0.5',
  't=0 0',
  'm=audio 4000 RTP/AVP 8 0 18 96',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:18 G729/8000',
  'a=rtpmap:96 telephone-event/8000',
  'a=fmtp:96 0-16',
  'a=sendonly',
  '',
].join('\r\n');

describe('parseAudioDescription', () => {
  it('reads address, port, G.711 codecs in order, telephone-event and direction', () => {
    expect(parseAudioDescription(offer)).toEqual({
      address: '10.0.0.5',
      port: 4000,
      codecs: [
        { codec: 'PCMA', payloadType: 8 },
        { codec: 'PCMU', payloadType: 0 },
      ],
      telephoneEventPayloadType: 96,
      direction: 'sendonly',
    });
  });
  it('refuses a body without an audio stream', () => {
    expect(() => parseAudioDescription('v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n')).toThrow(UnusableSdp);
  });
  it('refuses an audio stream without a connection address', () => {
    expect(() =>
      parseAudioDescription('v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n'),
    ).toThrow(UnusableSdp);
  });
});

describe('formatAudioDescription', () => {
  it('writes SDP the parser reads back', () => {
    const text = formatAudioDescription({
      address: '127.0.0.1',
      port: 20000,
      codecs: [
        { codec: 'PCMU', payloadType: 0 },
        { codec: 'PCMA', payloadType: 8 },
      ],
      telephoneEventPayloadType: 101,
      direction: 'sendrecv',
      sessionId: 42,
      sessionVersion: 1,
    });
    expect(text).toContain('m=audio 20000 RTP/AVP 0 8 101');
    expect(parseAudioDescription(text)).toMatchObject({
      address: '127.0.0.1',
      port: 20000,
      telephoneEventPayloadType: 101,
      direction: 'sendrecv',
    });
  });
});
