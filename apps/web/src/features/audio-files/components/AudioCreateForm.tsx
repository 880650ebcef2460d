import {
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconMicrophone, IconPlayerStop, IconUpload, IconVolume } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../shared/components/notify.ts';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { useTtsPreview } from '../../../shared/api/ttsPreview.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useCreateTtsAudioFile } from '../api/createTtsAudioFile.ts';
import { useUploadAudioFile } from '../api/uploadAudioFile.ts';
import { useMicrophoneRecorder } from './useMicrophoneRecorder.ts';

type Source = 'recording' | 'upload' | 'tts';

/** ADD: name, language tag, then record with the microphone, choose a file, or text to speak (R41). */
export function AudioCreateForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState(org.language === 'en' ? 'en-GB' : 'sv-SE');
  const [source, setSource] = useState<Source>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  const recorder = useMicrophoneRecorder();
  const upload = useUploadAudioFile(setProgress);
  const tts = useCreateTtsAudioFile();
  const preview = useTtsPreview();
  const error = source === 'tts' ? tts.error : upload.error;
  const errors = problemFieldErrors(error);
  const busy = upload.isPending || tts.isPending;

  const done = (created: { name: string }) => {
    notify(`${t('common.created')}: ${created.name}`);
    onDone();
  };

  function submit() {
    setMissing(false);
    if (source === 'tts') return tts.mutate({ name: name.trim(), language, text }, { onSuccess: done });
    const blob = source === 'upload' ? file : recorder.state.status === 'recorded' ? recorder.state.blob : null;
    if (!blob) return setMissing(true);
    const fileName =
      source === 'upload' && file
        ? file.name
        : recorder.state.status === 'recorded'
          ? recorder.state.fileName
          : 'recording.webm';
    setProgress(0);
    upload.mutate(
      { name: name.trim(), language, source, file: blob, fileName },
      { onSuccess: done, onSettled: () => setProgress(null) },
    );
  }

  const r = recorder.state;
  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="create-audio-title">
      <Stack>
        <Title order={2} size="h4" id="create-audio-title">
          {t('audio.createTitle')}
        </Title>
        <TextInput
          label={t('common.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors['name']}
        />
        <TextInput
          label={t('audio.languageTag')}
          description={t('audio.languageHelp')}
          required
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value.trim())}
          error={errors['language']}
          w={220}
        />
        <SegmentedControl
          aria-label={t('audio.source')}
          value={source}
          onChange={(v) => setSource(v as Source)}
          data={[
            { value: 'recording', label: t('audio.record') },
            { value: 'upload', label: t('audio.upload') },
            { value: 'tts', label: t('audio.tts') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
        {source === 'upload' && (
          <FileInput
            label={t('audio.file')}
            accept="audio/*,.wav,.mp3,.ogg,.opus,.webm,.m4a,.flac"
            value={file}
            onChange={setFile}
            clearable
            leftSection={<IconUpload size={16} aria-hidden />}
            error={errors['file']}
          />
        )}
        {source === 'recording' && (
          <Stack gap="xs">
            <Group>
              {r.status === 'recording' ? (
                <Button color="red" leftSection={<IconPlayerStop size={16} aria-hidden />} onClick={recorder.stop}>
                  {t('audio.stopRecording')}
                </Button>
              ) : (
                <Button
                  variant="light"
                  leftSection={<IconMicrophone size={16} aria-hidden />}
                  onClick={() => void recorder.start()}
                >
                  {t('audio.startRecording')}
                </Button>
              )}
              <Text size="sm" aria-live="polite">
                {r.status === 'recording' && t('audio.recording', { seconds: r.seconds })}
                {r.status === 'recorded' && t('audio.recorded', { seconds: r.seconds })}
              </Text>
            </Group>
            {r.status === 'recorded' && (
              <audio controls src={r.url} aria-label={t('audio.recorded', { seconds: r.seconds })} />
            )}
            {r.status === 'failed' && (
              <Text c="red" size="sm" role="alert">
                {t('audio.micDenied', { reason: r.reason })}
              </Text>
            )}
            {errors['file'] && (
              <Text c="red" size="sm">
                {errors['file']}
              </Text>
            )}
          </Stack>
        )}
        {source === 'tts' && (
          <>
            <Textarea
              label={t('audio.text')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
              error={errors['text']}
            />
            <Button
              variant="light"
              style={{ alignSelf: 'flex-start' }}
              leftSection={<IconVolume size={16} aria-hidden />}
              disabled={!text.trim()}
              loading={preview.isPending}
              onClick={() => preview.mutate({ text, language })}
            >
              {t('prompt.listen')}
            </Button>
            <ErrorAlert error={preview.error} />
          </>
        )}
        {progress !== null && (
          <Stack gap={2}>
            <Text size="xs">{t('audio.uploading', { percent: Math.round(progress * 100) })}</Text>
            <Progress
              value={progress * 100}
              aria-label={t('audio.uploading', { percent: Math.round(progress * 100) })}
              animated
            />
          </Stack>
        )}
        {missing && (
          <Text c="red" size="sm" role="alert">
            {t('audio.noContent')}
          </Text>
        )}
        <ErrorAlert error={error} shownPaths={['name', 'language', 'file', 'text']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={busy} disabled={r.status === 'recording'}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
