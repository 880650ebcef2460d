import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useUserRegistrations } from '../api/getUserRegistrations.ts';

/** Which of the user's phones are online, so the admin knows where calls will ring. */
export function OnlineDevices({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const devices = useUserRegistrations(userId);
  if (devices.error || !devices.data) return null;
  return (
    <Group gap="xs" aria-label={t('routing.devices')} role="group">
      <Text size="sm" fw={500}>
        {t('routing.devices')}:
      </Text>
      {devices.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('routing.noDevices')}
        </Text>
      ) : (
        devices.data.map((d) => (
          <Badge
            key={d.contact}
            variant="light"
            title={`${d.contact} · ${formatDateTime(d.expiresAt, org.timeZone, i18n.language)}`}
          >
            {d.userAgent ?? d.contact} ({d.source})
          </Badge>
        ))
      )}
    </Group>
  );
}
