import { Skeleton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AudioFile } from '@vaxel/domain';
import { useWaveform } from '../api/getWaveform.ts';

/** The file's peaks (GET /waveform) drawn as mirrored bars. */
export function Waveform({ file, width = 240, height = 36 }: { file: AudioFile; width?: number; height?: number }) {
  const { t } = useTranslation();
  const waveform = useWaveform(file);
  if (!waveform.data) return <Skeleton width={width} height={height} animate={waveform.isPending} />;
  const peaks = waveform.data.peaks;
  const max = Math.max(1e-6, ...peaks.map(Math.abs));
  const step = width / Math.max(1, peaks.length);
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={t('audio.waveform', { name: file.name })}
      data-testid="waveform"
    >
      {peaks.map((p, i) => {
        const h = Math.max(1, (Math.abs(p) / max) * (height - 2));
        return (
          <rect
            key={i}
            x={i * step}
            y={(height - h) / 2}
            width={Math.max(1, step * 0.7)}
            height={h}
            fill="var(--mantine-color-teal-6)"
          />
        );
      })}
    </svg>
  );
}
