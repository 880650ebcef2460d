import { Group } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from './ConfirmButton.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { notify } from './notify.ts';

type Props = {
  /** The id the delete mutation takes, and the name the confirmation and the notice show. */
  id: string;
  name: string;
  remove: UseMutationResult<unknown, unknown, string>;
  /** The button's text, e.g. "Delete response group". */
  label: string;
  confirmLabel?: string;
};

/**
 * The foot of every editor: a delete button that asks first, a notice when done, and the refusal
 * in words beside it when the server says no (in use, a group's number …).
 */
export function DeleteSection({ id, name, remove, label, confirmLabel }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={remove.error} />
      <Group justify="flex-end">
        <ConfirmButton
          color="red"
          variant="light"
          message={t('common.confirmDelete', { name })}
          confirmLabel={confirmLabel ?? t('common.delete')}
          onConfirm={() =>
            remove.mutateAsync(id).then(
              () => notify(`${t('common.deleted')}: ${name}`),
              () => undefined,
            )
          }
        >
          {label}
        </ConfirmButton>
      </Group>
    </>
  );
}
