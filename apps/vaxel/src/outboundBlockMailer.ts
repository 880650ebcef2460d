import { smtpMailer } from '@vaxel/api';
import type { Store } from '@vaxel/store';
import type { OutboundBlockNotifier } from '@vaxel/switch';
import { outboundBlockMails } from './outboundBlockMail.ts';

/**
 * Issue 10: the switch blocked an organisation's international calls after a spike; its admins
 * (active users with the phone_system permission) are e-mailed through VAXEL_SMTP_URL with the
 * api's SMTP mailer (same URL forms and sender as invitations). Every admin is tried; the first
 * failure reaches the switch, which logs it (the block holds either way, and the console shows it).
 */
export function smtpOutboundBlockNotifier(
  store: Pick<Store, 'organisations' | 'users'>,
  smtpUrl: string,
  publicUrl: string,
): OutboundBlockNotifier & { close(): void } {
  const mailer = smtpMailer(smtpUrl, publicUrl);
  return {
    async blocked(block) {
      const [organisation, users] = await Promise.all([
        store.organisations.get(block.organisationId),
        store.users.list(block.organisationId),
      ]);
      if (!organisation) return;
      const seen = new Set<string>();
      const admins = users.filter(
        (u) =>
          u.status === 'active' && u.permissions.includes('phone_system') && !seen.has(u.email) && seen.add(u.email),
      );
      const failures: unknown[] = [];
      await Promise.all(
        outboundBlockMails({ block, organisation, admins, publicUrl }).map((mail) =>
          mailer.send(mail).catch((error: unknown) => void failures.push(error)),
        ),
      );
      if (failures.length > 0) throw failures[0];
    },
    close: () => mailer.close(),
  };
}
