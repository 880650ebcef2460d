import type { LiveDialog, SwitchStateRepository } from '@vaxel/store';
import type { StoredDialog } from '@vaxel/sip';
import type { Clock } from '../kernel/clock.ts';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { CallDialog, SignallingPort } from '../signalling/signallingPort.ts';

export interface LiveDialogsOptions {
  state: Pick<SwitchStateRepository, 'saveDialog' | 'removeDialog' | 'listDialogs'>;
  instanceId: string;
  clock: Clock;
  logger: SwitchLogger;
}

/**
 * Issue 10: the dialogs of answered calls, kept in the store while the calls last, so that a
 * switch that died mid-call can, once restarted, send each phone it left in a call a BYE (RFC
 * 3261 §15: either party ends the session with BYE) instead of leaving it talking to nobody.
 * Writes never break a call: a failure is logged and the call goes on unprotected.
 */
export class LiveDialogs {
  readonly #options: LiveDialogsOptions;
  readonly #removing = new Set<Promise<void>>();

  constructor(options: LiveDialogsOptions) {
    this.#options = options;
  }

  /** Stores the call's dialogs now (when answered); the returned function removes them (when ended). */
  keep(organisationId: string, callId: string, dialogs: readonly CallDialog[]): () => void {
    const { state, instanceId, clock, logger } = this.#options;
    const createdAt = new Date(clock.now()).toISOString();
    const saved = dialogs
      .map((dialog) => dialog.stored())
      .filter((stored): stored is StoredDialog => stored !== null)
      .map((stored) =>
        state
          .saveDialog({ instanceId, organisationId, callId, dialog: { ...stored }, createdAt })
          .catch((error: unknown) => {
            logger.warn('could not store a live dialog', { callId, error: String(error) });
            return null;
          }),
      );
    let forgotten = false;
    return () => {
      if (forgotten) return;
      forgotten = true;
      const removed = Promise.all(saved).then((rows) =>
        Promise.all(
          rows
            .filter((row): row is LiveDialog => row !== null)
            .map((row) =>
              state
                .removeDialog(row.id)
                .catch((error: unknown) =>
                  logger.warn('could not remove a live dialog', { callId, error: String(error) }),
                ),
            ),
        ),
      );
      const pending = removed.then(() => void this.#removing.delete(pending));
      this.#removing.add(pending);
    };
  }

  /** Resolves once every removal asked for so far is done (the switch stopping waits, so a clean stop leaves none). */
  async settled(): Promise<void> {
    await Promise.all([...this.#removing]);
  }

  /** The dialogs a previous run of this instance left, read before this run stores any. */
  async leftOver(): Promise<LiveDialog[]> {
    try {
      return await this.#options.state.listDialogs(this.#options.instanceId);
    } catch (error) {
      this.#options.logger.error('could not read the dialogs left by the last run', { error: String(error) });
      return [];
    }
  }

  /** Sends each left-over dialog's phone a BYE, then forgets the dialog whatever the answer. */
  async end(left: readonly LiveDialog[], signalling: Pick<SignallingPort, 'byeStored'>): Promise<void> {
    const { state, logger } = this.#options;
    await Promise.all(
      left.map(async (row) => {
        try {
          const status = await signalling.byeStored(row.dialog as unknown as StoredDialog);
          logger.info('ended a call left by the last run', { callId: row.callId, status });
        } catch (error) {
          logger.warn('could not end a call left by the last run', { callId: row.callId, error: String(error) });
        }
        await state
          .removeDialog(row.id)
          .catch((error: unknown) =>
            logger.warn('could not remove a live dialog', { callId: row.callId, error: String(error) }),
          );
      }),
    );
  }
}
