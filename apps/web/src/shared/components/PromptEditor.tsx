import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { IconPlayerPlay, IconVolume } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Prompt } from '@vaxel/domain';
import { orgUrl } from '../api/client.ts';
import { usePlayer, useTtsPreview } from '../api/ttsPreview.ts';
import { useAudioFileList } from '../api/lookups.ts';
import { fieldError, type FieldErrors } from '../api/problem.ts';
import { useOrg } from '../org/OrgContext.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

export const ttsLanguages = ['sv-SE', 'en-GB', 'en-US'];

type Props = {
  label: string;
  value: Prompt | null;
  onChange: (prompt: Prompt | null) => void;
  /** Whether "no message" is a choice (welcome message: yes; play-a-message destination: no). */
  nullable?: boolean;
  /** Field errors below this prompt's path (`text`, `language`, `audioFileId`). */
  errors?: FieldErrors;
  error?: string;
  /** What "no message" means here, e.g. "Built-in greeting" for voicemail. */
  noneLabel?: string;
};

/** What a caller hears: text spoken by TTS (with a listen button) or a file from the library (R20, R31). */
export function PromptEditor({ label, value, onChange, nullable = true, errors = {}, error, noneLabel }: Props) {
  const { t } = useTranslation();
  const org = useOrg();
  const files = useAudioFileList();
  const labelId = useId();
  const play = usePlayer();
  const defaultLanguage = org.language === 'en' ? 'en-GB' : 'sv-SE';
  const kind = value?.type ?? 'none';

  const preview = useTtsPreview();

  function setKind(next: string) {
    if (next === 'none') onChange(null);
    else if (next === 'tts')
      onChange({ type: 'tts', text: value?.type === 'tts' ? value.text : '', language: defaultLanguage });
    else onChange({ type: 'audioFile', audioFileId: files.data?.[0]?.id ?? '' });
  }

  const kinds = [
    ...(nullable ? [{ value: 'none', label: noneLabel ?? t('prompt.none') }] : []),
    { value: 'tts', label: t('prompt.tts') },
    { value: 'audioFile', label: t('prompt.audioFile') },
  ];
  const languageOptions =
    value?.type === 'tts' && !ttsLanguages.includes(value.language) ? [...ttsLanguages, value.language] : ttsLanguages;

  return (
    <Stack gap={6} role="group" aria-labelledby={labelId}>
      <Text id={labelId} size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl
        aria-label={`${label}: ${t('prompt.kind')}`}
        value={kind}
        onChange={setKind}
        data={kinds}
        style={{ alignSelf: 'flex-start' }}
      />
      {error && !Object.keys(errors).length && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
      {value?.type === 'tts' && (
        <>
          <Textarea
            label={`${label}: ${t('prompt.text')}`}
            value={value.text}
            onChange={(e) => onChange({ ...value, text: e.currentTarget.value })}
            error={fieldError(errors, 'text')}
            autosize
            minRows={2}
            maxLength={2000}
          />
          <Group align="flex-end" gap="xs">
            <Select
              label={`${label}: ${t('prompt.language')}`}
              data={languageOptions}
              value={value.language}
              onChange={(v) => v && onChange({ ...value, language: v })}
              error={fieldError(errors, 'language')}
              allowDeselect={false}
              w={160}
            />
            <Button
              variant="light"
              leftSection={<IconVolume size={16} aria-hidden />}
              loading={preview.isPending}
              disabled={!value.text.trim()}
              onClick={() => preview.mutate({ text: value.text, language: value.language })}
              aria-label={`${t('prompt.listen')}: ${label}`}
            >
              {t('prompt.listen')}
            </Button>
          </Group>
          {preview.error && <ErrorAlert error={preview.error} />}
        </>
      )}
      {value?.type === 'audioFile' && (
        <Group align="flex-end" gap="xs">
          <Select
            label={`${label}: ${t('prompt.file')}`}
            data={(files.data ?? []).map((f) => ({ value: f.id, label: `${f.name} (${f.language})` }))}
            value={value.audioFileId || null}
            onChange={(v) => onChange({ type: 'audioFile', audioFileId: v ?? '' })}
            error={fieldError(errors, 'audioFileId')}
            searchable
            allowDeselect={false}
            placeholder={t('destination.pick')}
            style={{ flex: 1 }}
          />
          <Tooltip label={t('prompt.listenFile')}>
            <ActionIcon
              variant="light"
              size="lg"
              disabled={!value.audioFileId}
              aria-label={`${t('prompt.listenFile')}: ${label}`}
              onClick={() => play(orgUrl(org.organisationId, `/audio-files/${value.audioFileId}/content`))}
            >
              <IconPlayerPlay size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Anchor component={Link} to={`/o/${org.organisationId}/audio-files`} size="sm" pb={8}>
            {t('prompt.createFile')}
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}
