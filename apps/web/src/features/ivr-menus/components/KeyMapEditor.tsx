import { Checkbox, Paper, SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { menuKeys, type KeyMap, type MenuKey } from '@vaxel/domain';
import { scopeErrors, type FieldErrors } from '../../../shared/api/problem.ts';
import { allDestinationTypes, DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';

type Props = { value: KeyMap; onChange: (keys: KeyMap) => void; errors: FieldErrors; menuId?: string };

/** R21: a destination for each of 0–9, * and #; keys left unused count as an invalid choice. */
export function KeyMapEditor({ value, onChange, errors, menuId }: Props) {
  const { t } = useTranslation();
  function toggle(key: MenuKey, on: boolean) {
    const next: KeyMap = { ...value };
    if (on) next[key] = { type: 'hangup' };
    else delete next[key];
    onChange(next);
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="sm">
      {menuKeys.map((key) => {
        const destination = value[key];
        return (
          <Paper key={key} withBorder p="xs" data-testid={`key-${key}`}>
            <Stack gap={6}>
              <Checkbox
                label={t('ivr.useKey', { key })}
                checked={destination !== undefined}
                onChange={(e) => toggle(key, e.currentTarget.checked)}
              />
              {destination && (
                <DestinationPicker
                  label={t('ivr.key', { key })}
                  value={destination}
                  onChange={(d) => onChange({ ...value, [key]: d })}
                  allowed={allDestinationTypes}
                  requireVoicemailOwner
                  errors={scopeErrors(errors, key)}
                  excludeIvrMenuId={menuId}
                />
              )}
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
