import type { SecurityEvent, SecurityEventSink } from './securityEvents.ts';

type InfoLogger = { info(details: object, message: string): void };

/**
 * The sink the API falls back to when it is given none: each event as one structured log line
 * (`securityEvent`), so nothing is lost before the audit log is wired in. Events carry no
 * secrets by contract (securityEvents.ts), and the logger redacts password and token fields.
 */
export function logSecurityEvents(log: InfoLogger): SecurityEventSink {
  return {
    record: async (event: SecurityEvent) => log.info({ securityEvent: event }, `security event ${event.type}`),
  };
}
