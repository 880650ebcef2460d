/**
 * A transport that hears only admitted sources: a message from a source `admits` refuses is
 * dropped before the transaction layer sees it — no transaction, no response, no retransmission
 * (issue 10: a banned address gets silence, which costs the switch least and tells a scanner
 * nothing). Sending is untouched.
 */
import type { MessageHandler, MessageSource, Transport } from '@vaxel/sip';

export class AdmittingTransport implements Transport {
  readonly #inner: Transport;
  readonly #admits: (source: MessageSource) => boolean;

  constructor(inner: Transport, admits: (source: MessageSource) => boolean) {
    this.#inner = inner;
    this.#admits = admits;
  }

  get protocol() {
    return this.#inner.protocol;
  }

  get local() {
    return this.#inner.local;
  }

  get connectionCount() {
    return this.#inner.connectionCount;
  }

  listen(): Promise<void> {
    return this.#inner.listen();
  }

  send(...args: Parameters<Transport['send']>): Promise<void> {
    return this.#inner.send(...args);
  }

  onMessage(handler: MessageHandler): () => void {
    return this.#inner.onMessage((received) => {
      if (this.#admits(received.source)) handler(received);
    });
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
