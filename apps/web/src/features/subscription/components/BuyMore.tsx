import { Accordion, Badge, Button, Group, Modal, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../shared/components/notify.ts';
import { unitPriceMinor, type PurchasableItem } from '@vaxel/domain';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { formatDateTime, formatMoney } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useSubscription } from '../api/getSubscription.ts';
import { usePurchase } from '../api/purchase.ts';

/**
 * R7 on the light package: "expand the list, choose the quantity, click buy, click yes"; shows the
 * allowance and the lines of the next invoice. On unlimited it only says so.
 */
export function BuyMore({ item }: { item: PurchasableItem }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const subscription = useSubscription();
  const buy = usePurchase();
  const [quantity, setQuantity] = useState(1);
  const [confirming, { open, close }] = useDisclosure(false);
  const data = subscription.data;
  if (subscription.error) return <ErrorAlert error={subscription.error} />;
  if (!data) return null;
  const allowance = data.allowances.find((a) => a.item === item);
  const itemName = t(item === 'responseGroup' ? 'subscription.itemResponseGroup' : 'subscription.itemIvrMenu');
  const price = formatMoney(unitPriceMinor[item], data.upcomingInvoice.currency, i18n.language);
  if (data.package === 'unlimited' || !allowance || allowance.total === null) {
    return (
      <Text size="sm" c="dimmed" mb="md">
        {t('subscription.package', { name: t('subscription.unlimited') })}
      </Text>
    );
  }
  const full = allowance.used >= allowance.total;
  return (
    <Accordion variant="contained" mb="md">
      <Accordion.Item value="buy">
        <Accordion.Control>
          <Group gap="sm">
            <Text>{t(item === 'responseGroup' ? 'subscription.buyMoreGroups' : 'subscription.buyMoreMenus')}</Text>
            <Badge color={full ? 'red' : 'teal'} variant="light" data-testid={`allowance-${item}`}>
              {t('subscription.remaining', { used: allowance.used, total: allowance.total })}
            </Badge>
          </Group>
        </Accordion.Control>
        <Accordion.Panel>
          <Stack gap="sm">
            <Text size="sm">
              {t('subscription.package', { name: t('subscription.light') })} · {t('subscription.included')}:{' '}
              {allowance.included} · {t('subscription.purchased')}: {allowance.purchased} · {t('subscription.used')}:{' '}
              {allowance.used}
            </Text>
            {full && (
              <Text size="sm" c="red">
                {t('subscription.quotaReached', { total: allowance.total })}
              </Text>
            )}
            <Group align="flex-end">
              <NumberInput
                label={t('subscription.quantity')}
                min={1}
                max={100}
                value={quantity}
                onChange={(v) => setQuantity(Math.max(1, Number(v) || 1))}
                w={140}
              />
              <Text size="sm" pb={8}>
                × {price}
              </Text>
              <Button onClick={open}>{t('subscription.buy')}</Button>
            </Group>
            <ErrorAlert error={buy.error} shownPaths={[]} />
            {data.upcomingInvoice.lines.length > 0 && (
              <Table striped withTableBorder captionSide="top" aria-label={t('subscription.invoice')}>
                <Table.Caption>{t('subscription.invoice')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('subscription.date')}</Table.Th>
                    <Table.Th>{t('common.name')}</Table.Th>
                    <Table.Th>{t('subscription.quantity')}</Table.Th>
                    <Table.Th>{t('subscription.unitPrice')}</Table.Th>
                    <Table.Th>{t('subscription.by')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.upcomingInvoice.lines.map((line) => (
                    <Table.Tr key={line.id}>
                      <Table.Td>{formatDateTime(line.purchasedAt, org.timeZone, i18n.language)}</Table.Td>
                      <Table.Td>
                        {t(
                          line.item === 'responseGroup' ? 'subscription.itemResponseGroup' : 'subscription.itemIvrMenu',
                        )}
                      </Table.Td>
                      <Table.Td>{line.quantity}</Table.Td>
                      <Table.Td>{formatMoney(line.unitPriceMinor, line.currency, i18n.language)}</Table.Td>
                      <Table.Td>{line.purchasedBy.name}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={3}>{t('subscription.invoiceTotal')}</Table.Th>
                    <Table.Td colSpan={2}>
                      {formatMoney(data.upcomingInvoice.totalMinor, data.upcomingInvoice.currency, i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            )}
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
      <Modal
        opened={confirming}
        onClose={close}
        title={t('subscription.confirmTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Text size="sm">{t('subscription.confirmBody', { quantity, item: itemName, price })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {t('common.no')}
          </Button>
          <Button
            data-autofocus
            loading={buy.isPending}
            onClick={() =>
              buy.mutate(
                { item, quantity },
                {
                  onSuccess: () => notify(t('subscription.bought')),
                  onSettled: close,
                },
              )
            }
          >
            {t('common.yes')}
          </Button>
        </Group>
      </Modal>
    </Accordion>
  );
}
