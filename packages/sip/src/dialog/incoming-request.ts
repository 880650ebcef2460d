/**
 * A request the UserAgent hands to the application, with a way to answer it through its
 * server transaction.
 */
import { createResponse, type SipRequest, type SipResponse } from '../message/message.ts';
import type { ServerTransaction } from '../transaction/transaction.ts';
import type { MessageSource } from '../transport/transport.ts';
import type { Dialog } from './dialog.ts';

export interface ReplyOptions {
  readonly reason?: string;
  readonly headers?: Iterable<readonly [string, string]>;
  readonly body?: Buffer | string;
}

export class IncomingRequestHandle {
  readonly request: SipRequest;
  readonly source: MessageSource;
  /** The dialog the request arrived in, if any. */
  readonly dialog: Dialog | undefined;
  readonly #transaction: ServerTransaction;
  readonly #toTag: string;

  constructor(
    request: SipRequest,
    source: MessageSource,
    transaction: ServerTransaction,
    toTag: string,
    dialog?: Dialog,
  ) {
    this.request = request;
    this.source = source;
    this.#transaction = transaction;
    this.#toTag = toTag;
    this.dialog = dialog;
  }

  /** True once a final response was sent. */
  get answered(): boolean {
    return this.#transaction.state === 'Completed' || this.#transaction.state === 'Terminated';
  }

  respond(status: number, options: ReplyOptions = {}): SipResponse {
    const response = createResponse(this.request, status, { ...options, toTag: this.#toTag });
    this.#transaction.respond(response);
    return response;
  }
}
