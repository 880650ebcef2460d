/**
 * A part of the running program, started in order and stopped in reverse. The HTTP API is one;
 * the switch (packages/switch: SIP registrar, B2BUA, media) joins the list beside it.
 */
export interface Component {
  readonly name: string;
  start(): Promise<void>;
  /** Finishes in-flight work and releases ports; safe to call once after start. */
  stop(): Promise<void>;
}
