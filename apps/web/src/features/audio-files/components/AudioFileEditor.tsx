import { Anchor, Divider, FileInput, Progress, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../shared/components/notify.ts';
import type { AudioFile, AudioFileUpdate } from '@vaxel/domain';
import { orgUrl } from '../../../shared/api/client.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useOrgId } from '../../../shared/org/OrgContext.tsx';
import { useDeleteAudioFile } from '../api/deleteAudioFile.ts';
import { useReplaceAudioContent } from '../api/replaceAudioContent.ts';
import { useUpdateAudioFile } from '../api/updateAudioFile.ts';
import { DeleteSection } from '../../../shared/components/DeleteSection.tsx';

/** R42–R43: edit name, language tag and content; delete with confirmation, refused while in use. */
export function AudioFileEditor({ file }: { file: AudioFile }) {
  const { t } = useTranslation();
  const orgId = useOrgId();
  const update = useUpdateAudioFile(file.id);
  const [progress, setProgress] = useState<number | null>(null);
  const replace = useReplaceAudioContent(file.id, setProgress);
  const remove = useDeleteAudioFile();
  const saved = { name: file.name, language: file.language, text: file.ttsText ?? '' };
  const form = useDraft(saved, (d) => {
    const body: AudioFileUpdate = { name: d.name.trim(), language: d.language };
    if (file.source === 'tts' && d.text !== (file.ttsText ?? '')) body.text = d.text;
    return update.mutateAsync(body);
  });
  return (
    <Stack gap="sm">
      <TextInput
        label={`${t('common.name')} (${file.name})`}
        value={form.draft.name}
        onChange={(e) => form.setDraft({ ...form.draft, name: e.currentTarget.value })}
        error={form.errors['name']}
      />
      <TextInput
        label={`${t('audio.languageTag')} (${file.name})`}
        value={form.draft.language}
        onChange={(e) => form.setDraft({ ...form.draft, language: e.currentTarget.value.trim() })}
        error={form.errors['language']}
        w={220}
      />
      {file.source === 'tts' && (
        <Textarea
          label={`${t('audio.text')} (${file.name})`}
          value={form.draft.text}
          onChange={(e) => form.setDraft({ ...form.draft, text: e.currentTarget.value })}
          autosize
          minRows={2}
          error={form.errors['text']}
        />
      )}
      <SaveBar
        onSave={() => form.mutation.mutate()}
        saving={form.mutation.isPending}
        error={form.mutation.error}
        shownPaths={['name', 'language', 'text']}
        dirty={form.dirty}
        onReset={form.reset}
      />
      {file.source !== 'tts' && (
        <Stack gap={4}>
          <FileInput
            label={`${t('audio.replace')} (${file.name})`}
            accept="audio/*,.wav,.mp3,.ogg,.opus,.webm"
            value={null}
            onChange={(f) => {
              if (!f) return;
              setProgress(0);
              replace.mutate(f, {
                onSuccess: () => notify(t('common.saved')),
                onSettled: () => setProgress(null),
              });
            }}
            error={replace.error ? ' ' : undefined}
          />
          {progress !== null && (
            <Progress
              value={progress * 100}
              aria-label={t('audio.uploading', { percent: Math.round(progress * 100) })}
              animated
            />
          )}
          <ErrorAlert error={replace.error} />
          <Text size="xs">
            <Anchor href={orgUrl(orgId, `/audio-files/${file.id}/original`)} target="_blank" rel="noreferrer">
              {t('audio.original')}
            </Anchor>
            {file.originalFileName ? ` · ${file.originalFileName}` : ''}
          </Text>
        </Stack>
      )}
      <Divider />
      <DeleteSection id={file.id} name={file.name} remove={remove} label={t('audio.deleteFile')} />
    </Stack>
  );
}
