import type { SecurityEvent, SecurityEventSink } from './securityEvents.ts';

type InfoLogger = { info(details: object, message: string): void };

/**
 * Each event as one structured log line (`securityEvent`) beside its audit-log entry, for
 * operators who watch the server's log (and fail2ban-style tools). Events carry no
 * secrets by contract (securityEvents.ts), and the logger redacts password and token fields.
 */
export function logSecurityEvents(log: InfoLogger): SecurityEventSink {
  return {
    record: async (event: SecurityEvent) => log.info({ securityEvent: event }, `security event ${event.type}`),
  };
}
