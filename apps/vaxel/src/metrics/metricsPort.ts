import type { AddressInfo } from 'node:net';
import { buildMetricsServer, type MetricsServerDeps } from '@vaxel/api';
import type { Component } from '../component.ts';

type MetricsServer = Awaited<ReturnType<typeof buildMetricsServer>>;

/**
 * `VAXEL_METRICS_PORT`: GET /metrics on a port of its own (issue 11), bound to
 * `VAXEL_METRICS_HOST` (loopback by default), behind the same operator token as the API port.
 * `url()` is the address it listens on once started (port 0 picks a free one).
 */
export class MetricsPort implements Component {
  readonly name = 'metrics';
  readonly #deps: MetricsServerDeps;
  readonly #listen: { host: string; port: number };
  #server: MetricsServer | null = null;

  constructor(deps: MetricsServerDeps, listen: { host: string; port: number }) {
    this.#deps = deps;
    this.#listen = listen;
  }

  async start(): Promise<void> {
    const server = await buildMetricsServer(this.#deps);
    try {
      await server.listen(this.#listen);
    } catch (error) {
      await server.close();
      throw error;
    }
    this.#server = server;
  }

  async stop(): Promise<void> {
    await this.#server?.close();
    this.#server = null;
  }

  url(): string {
    const address = this.#server?.server.address() as AddressInfo | null | undefined;
    const host = this.#listen.host.includes(':') ? `[${this.#listen.host}]` : this.#listen.host;
    return `http://${host}:${address?.port ?? this.#listen.port}/metrics`;
  }
}
