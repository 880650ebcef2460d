/** The switch's log port: structured details, never secrets (passwords, HA1, tokens). */
export interface SwitchLogger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const silentLogger: SwitchLogger = { debug() {}, info() {}, warn() {}, error() {} };
