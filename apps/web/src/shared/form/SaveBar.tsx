import { Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

type Props = {
  onSave: () => void;
  saving: boolean;
  error: unknown;
  shownPaths?: string[];
  label?: string;
  dirty?: boolean;
  onReset?: () => void;
};

/** The server's answer next to the form that caused it, then the save button ("Klicka på spara"). */
export function SaveBar({ onSave, saving, error, shownPaths, label, dirty = true, onReset }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" mt="sm">
      <ErrorAlert error={error} shownPaths={shownPaths} />
      <Group justify="flex-end" gap="xs">
        {onReset && dirty && (
          <Button variant="default" onClick={onReset}>
            {t('common.reset')}
          </Button>
        )}
        <Button onClick={onSave} loading={saving}>
          {label ?? t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
