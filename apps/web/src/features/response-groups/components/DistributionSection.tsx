import { NumberInput, Select, SimpleGrid, Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DistributionStrategy, type DistributionSettings } from '@vaxel/domain';
import { fieldError, scopeErrors } from '../../../shared/api/problem.ts';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import type { SectionProps } from './settingsSection.ts';

/** R16 Call distribution. */
export function DistributionSection({ value, save, errorPath, labelPrefix }: SectionProps<DistributionSettings>) {
  const { t } = useTranslation();
  const {
    draft,
    setDraft,
    errors: all,
    mutation,
    dirty,
    reset,
  } = useDraft(value, (distribution) => save({ distribution }));
  const errors = scopeErrors(all, errorPath);
  const set = <K extends keyof DistributionSettings>(k: K, v: DistributionSettings[K]) =>
    setDraft({ ...draft, [k]: v });
  const l = (s: string) => `${labelPrefix}${s}`;
  return (
    <Stack gap="sm">
      <Select
        label={l(t('groups.strategy'))}
        data={DistributionStrategy.options.map((s) => ({ value: s, label: t(`groups.strategies.${s}`) }))}
        value={draft.strategy}
        onChange={(v) => v && set('strategy', v as DistributionSettings['strategy'])}
        allowDeselect={false}
        error={fieldError(errors, 'strategy')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label={l(t('groups.ringSeconds'))}
          min={5}
          max={300}
          value={draft.ringSecondsPerAgent}
          onChange={(v) => set('ringSecondsPerAgent', Number(v))}
          error={fieldError(errors, 'ringSecondsPerAgent')}
        />
        <NumberInput
          label={l(t('groups.wrapUp'))}
          min={0}
          max={600}
          value={draft.wrapUpSeconds}
          onChange={(v) => set('wrapUpSeconds', Number(v))}
          error={fieldError(errors, 'wrapUpSeconds')}
        />
      </SimpleGrid>
      <Switch
        label={l(t('groups.skipBusy'))}
        checked={draft.skipBusyAgents}
        onChange={(e) => set('skipBusyAgents', e.currentTarget.checked)}
      />
      <Switch
        label={l(t('groups.skipLoggedOut'))}
        checked={draft.skipLoggedOutAgents}
        onChange={(e) => set('skipLoggedOutAgents', e.currentTarget.checked)}
      />
      <SaveBar
        onSave={() => mutation.mutate()}
        saving={mutation.isPending}
        error={mutation.error}
        shownPaths={[errorPath]}
        dirty={dirty}
        onReset={reset}
      />
    </Stack>
  );
}
