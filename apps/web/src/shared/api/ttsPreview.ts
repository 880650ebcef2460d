import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { apiBlob, orgPath } from './client.ts';
import { useOrgId } from '../org/OrgContext.tsx';

/** POST /tts/preview: speaks a text without storing anything (the listen button). */
export const ttsPreview = (orgId: string, body: { text: string; language: string }) =>
  apiBlob(orgPath(orgId, '/tts/preview'), { method: 'POST', body });

/** One player per control: a new play stops the previous sound. */
export function usePlayer() {
  const audio = useRef<HTMLAudioElement | null>(null);
  return (src: string) => {
    audio.current?.pause();
    audio.current = new Audio(src);
    void audio.current.play().catch(() => undefined);
  };
}

export function useTtsPreview() {
  const orgId = useOrgId();
  const play = usePlayer();
  return useMutation({
    mutationFn: (body: { text: string; language: string }) => ttsPreview(orgId, body),
    onSuccess: (blob) => play(URL.createObjectURL(blob)),
  });
}
