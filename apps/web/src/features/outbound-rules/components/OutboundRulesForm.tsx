import { MultiSelect, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { callingCodeOf, knownCountries, type OutboundRules } from '@vaxel/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError, scopeErrors } from '../../../shared/api/problem.ts';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { countryName } from './countryName.ts';
import { OutboundLimitsFields } from './OutboundLimitsFields.tsx';

type Props = { rules: OutboundRules; country: string; save: (rules: OutboundRules) => Promise<unknown> };

const shownPaths = ['international.countries', 'limits'];

/**
 * R91: international calls with their country allowlist, premium-rate and satellite numbers, and
 * the limits on calling out at all (issue 10); one save replaces the whole rules. The allowlist is kept while calls abroad are off, so turning them
 * on again brings the same countries back.
 */
export function OutboundRulesForm({ rules, country, save }: Props) {
  const { t, i18n } = useTranslation();
  const form = useDraft(rules, save);
  const { draft } = form;
  const countryOptions = useMemo(
    () =>
      knownCountries
        .filter((c) => c !== country)
        .map((c) => ({
          value: c,
          label: t('outbound.countryOption', { name: countryName(c, i18n.language), code: callingCodeOf(c) ?? '' }),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, i18n.language)),
    [country, i18n.language, t],
  );
  const set = (next: Partial<OutboundRules>) => form.setDraft({ ...draft, ...next });
  const kept = draft.international.countries.map((c) => countryName(c, i18n.language)).join(', ');
  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-label={t('outbound.international')}>
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('outbound.international')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('outbound.internationalHelp')}
          </Text>
          <Switch
            label={t('outbound.allowInternational')}
            checked={draft.international.allowed}
            onChange={(e) => set({ international: { ...draft.international, allowed: e.currentTarget.checked } })}
          />
          {draft.international.allowed ? (
            <>
              <MultiSelect
                label={t('outbound.countries')}
                description={t('outbound.nanpHelp')}
                placeholder={t('outbound.countriesPlaceholder')}
                data={countryOptions}
                value={draft.international.countries}
                onChange={(countries) => set({ international: { ...draft.international, countries } })}
                searchable
                hidePickedOptions
                error={fieldError(form.errors, 'international.countries')}
              />
              {draft.international.countries.length === 0 && (
                <Text size="sm" c="orange.9">
                  {t('outbound.noCountries')}
                </Text>
              )}
            </>
          ) : (
            draft.international.countries.length > 0 && (
              <Text size="sm" c="dimmed">
                {t('outbound.keptWhileOff', { countries: kept })}
              </Text>
            )
          )}
        </Stack>
      </Paper>
      <AllowSection
        title={t('outbound.premium')}
        help={t('outbound.premiumHelp')}
        label={t('outbound.allowPremium')}
        allowed={draft.premium.allowed}
        onChange={(allowed) => set({ premium: { allowed } })}
      />
      <AllowSection
        title={t('outbound.satellite')}
        help={t('outbound.satelliteHelp')}
        label={t('outbound.allowSatellite')}
        allowed={draft.satellite.allowed}
        onChange={(allowed) => set({ satellite: { allowed } })}
      />
      <OutboundLimitsFields
        limits={draft.limits}
        onChange={(limits) => set({ limits })}
        errors={scopeErrors(form.errors, 'limits')}
      />
      <SaveBar
        onSave={() => form.mutation.mutate()}
        saving={form.mutation.isPending}
        error={form.mutation.error}
        shownPaths={shownPaths}
        dirty={form.dirty}
        onReset={form.reset}
      />
    </Stack>
  );
}

/** A kind of number that stays blocked until allowed: its own section with one switch. */
function AllowSection(props: {
  title: string;
  help: string;
  label: string;
  allowed: boolean;
  onChange: (allowed: boolean) => void;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label={props.title}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {props.title}
        </Title>
        <Text size="sm" c="dimmed">
          {props.help}
        </Text>
        <Switch label={props.label} checked={props.allowed} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      </Stack>
    </Paper>
  );
}
