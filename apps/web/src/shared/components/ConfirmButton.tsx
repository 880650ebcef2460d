import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';

type Props = ButtonProps & {
  children: ReactNode;
  title?: string;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void | Promise<unknown>;
};

/** A button that asks before doing something final ("Klicka ta bort, klicka ta bort igen"). */
export function ConfirmButton({ children, title, message, confirmLabel, onConfirm, ...buttonProps }: Props) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={title ?? t('common.areYouSure')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color={buttonProps.color ?? 'red'}
            data-autofocus
            onClick={async () => {
              close();
              await onConfirm();
            }}
          >
            {confirmLabel ?? children}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
