import { openStore, type Store } from '@vaxel/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailbox, type Mailbox } from '../../../packages/api/test/support/mailbox.ts';
import { smtpOutboundBlockNotifier } from '../src/outboundBlockMailer.ts';

let mailbox: Mailbox;
let store: Store;
beforeAll(async () => {
  mailbox = await startMailbox();
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
});
afterAll(async () => {
  await mailbox.close();
  await store.close();
});

async function person(organisationId: string, name: string, permissions: Array<'phone_system'>) {
  const email = `${name.toLowerCase()}@acme.test`;
  const account = await store.accounts.create({ email, name, passwordHash: null });
  const extension = String(100 + Math.floor(Math.random() * 800));
  return store.users.create(
    organisationId,
    {
      accountId: account.id,
      organisationId,
      name,
      email,
      licence: 'basic',
      permissions,
      extension,
      mobileNumber: null,
      landlineNumber: null,
      sipUsername: name.toLowerCase(),
      sipHa1Md5: null,
      sipHa1Sha256: null,
    },
    [],
  );
}

describe('the international block by e-mail through SMTP', () => {
  it('reaches the organisation’s admins at a real SMTP server, and nobody else', async () => {
    const org = await store.organisations.create({
      name: 'Acme',
      timeZone: 'Europe/Stockholm',
      language: 'en',
      country: 'SE',
      package: 'light',
    });
    await person(org.id, 'Anna', ['phone_system']);
    await person(org.id, 'Bo', []);
    const notifier = smtpOutboundBlockNotifier(store, mailbox.url, 'https://pbx.example.test');
    try {
      await notifier.blocked({
        organisationId: org.id,
        scope: 'international',
        reason: 'international_spike',
        since: '2026-12-01T13:32:00.000Z',
        calls: 10,
        seconds: 60,
      });
    } finally {
      notifier.close();
    }
    const mail = await mailbox.next('anna@acme.test');
    expect(mail.subject).toBe('International calls blocked for Acme');
    expect(mail.text).toContain('10 international calls within 60 seconds');
    expect(mailbox.mails.map((m) => m.to)).toEqual([['anna@acme.test']]);
  });
});
