import { notifications } from '@mantine/notifications';
import { i18n } from '../i18n/i18n.ts';

/** A short confirmation in the corner; its close button is labelled for screen readers. */
export function notify(message: string, color: 'teal' | 'blue' | 'gray' = 'teal'): void {
  notifications.show({ message, color, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
