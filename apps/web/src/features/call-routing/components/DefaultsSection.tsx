import { Paper, Stack, Title } from '@mantine/core';
import type { CallRoutingDefaults, CallRoutingDefaultsUpdate, RoutingField } from '@vaxel/domain';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { RoutingFieldEditor } from './RoutingFieldEditor.tsx';

type Props = {
  title: string;
  fields: RoutingField[];
  defaults: CallRoutingDefaults;
  save: (patch: CallRoutingDefaultsUpdate) => Promise<unknown>;
};

/** One part of the defaults (greeting, unanswered, busy, rejected, caller ID), saved on its own. */
export function DefaultsSection({ title, fields, defaults, save }: Props) {
  const picked = Object.fromEntries(fields.map((f) => [f, defaults[f]])) as CallRoutingDefaultsUpdate;
  const form = useDraft(picked, (patch) => save(patch));
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {title}
        </Title>
        {fields.map((field) => (
          <RoutingFieldEditor
            key={field}
            field={field}
            value={form.draft[field] as never}
            onChange={(v) => form.setDraft({ ...form.draft, [field]: v })}
            errors={form.errors}
          />
        ))}
        <SaveBar
          onSave={() => form.mutation.mutate()}
          saving={form.mutation.isPending}
          error={form.mutation.error}
          shownPaths={fields}
          dirty={form.dirty}
          onReset={form.reset}
        />
      </Stack>
    </Paper>
  );
}
