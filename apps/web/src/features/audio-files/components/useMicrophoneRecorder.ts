import { useEffect, useRef, useState } from 'react';

export type RecorderState =
  | { status: 'idle' }
  | { status: 'recording'; seconds: number }
  | { status: 'recorded'; blob: Blob; url: string; seconds: number; fileName: string }
  | { status: 'failed'; reason: string };

/** Container the browser records in; OGG/Opus where offered, else WebM/Opus (both accepted by the API). */
function pickMimeType(): string {
  const candidates = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm'];
  return candidates.find((c) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(c)) ?? '';
}

/**
 * Records from the microphone with MediaRecorder (R41). States: idle → recording → recorded,
 * or failed when the browser refuses the microphone; start again from recorded or failed.
 */
export function useMicrophoneRecorder() {
  const [state, setState] = useState<RecorderState>({ status: 'idle' });
  const recorder = useRef<MediaRecorder | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const stream = useRef<MediaStream | null>(null);

  const stopTracks = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => () => stopTracks(), []);

  async function start() {
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      setState({ status: 'failed', reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    const mimeType = pickMimeType();
    const rec = new MediaRecorder(stream.current, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    const startedAt = Date.now();
    rec.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    rec.onstop = () => {
      stopTracks();
      const type = rec.mimeType || mimeType || 'audio/webm';
      const blob = new Blob(chunks, { type });
      const ext = type.includes('ogg') ? 'ogg' : 'webm';
      setState({
        status: 'recorded',
        blob,
        url: URL.createObjectURL(blob),
        seconds: Math.round((Date.now() - startedAt) / 1000),
        fileName: `recording.${ext}`,
      });
    };
    recorder.current = rec;
    rec.start(250);
    setState({ status: 'recording', seconds: 0 });
    timer.current = setInterval(
      () => setState({ status: 'recording', seconds: Math.round((Date.now() - startedAt) / 1000) }),
      500,
    );
  }

  function stop() {
    if (recorder.current && recorder.current.state !== 'inactive') recorder.current.stop();
  }

  return { state, start, stop };
}
