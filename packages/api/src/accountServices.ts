import type { Store } from '@vaxel/store';
import type { SecurityEventSink } from './audit/securityEvents.ts';
import { AccountService } from './auth/accountService.ts';
import { LoginThrottle } from './auth/loginThrottle.ts';
import { AuthService } from './auth/service.ts';
import { defaultThrottlePolicy, type ThrottlePolicy } from './auth/throttlePolicy.ts';
import { systemClock, type Clock } from './deps.ts';
import { InvitationService } from './invitations/service.ts';
import type { Mailer } from './mail/mailer.ts';

export type AccountServices = { auth: AuthService; invitations: InvitationService; accounts: AccountService };

/**
 * The services of accounts, wired once: by buildApi, and by the composition root for the first
 * start's demo (which adds its users through the same rules as the console).
 */
export function createAccountServices(deps: {
  store: Store;
  events: SecurityEventSink;
  log: { error(details: object, message: string): void };
  clock?: Clock | undefined;
  publicUrl?: string | undefined;
  mailer?: Mailer | null | undefined;
  loginThrottle?: Partial<ThrottlePolicy> | undefined;
  sessionTtlMs?: number | undefined;
  invitationTtlMs?: number | undefined;
  passwordResetTtlMs?: number | undefined;
}): AccountServices {
  const { store, events, log } = deps;
  const clock = deps.clock ?? systemClock;
  const mailer = deps.mailer ?? null;
  const publicUrl = (deps.publicUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
  const throttle = new LoginThrottle(store, clock, { ...defaultThrottlePolicy, ...deps.loginThrottle });
  const auth = new AuthService({
    store,
    clock,
    sessionTtlMs: deps.sessionTtlMs ?? 7 * 24 * 3600_000,
    throttle,
    events,
  });
  const invitations = new InvitationService({
    store,
    clock,
    auth,
    events,
    mailer,
    publicUrl,
    ttlMs: deps.invitationTtlMs ?? 7 * 24 * 3600_000,
    log,
  });
  const accounts = new AccountService({
    store,
    clock,
    auth,
    events,
    mailer,
    publicUrl,
    resetTtlMs: deps.passwordResetTtlMs ?? 3600_000,
    log,
  });
  return { auth, invitations, accounts };
}
