/**
 * The process's metrics as a text exposition, for `GET /metrics` (issue 11). apps/vaxel passes a
 * prom-client registry (Prometheus text format 0.0.4); the api knows nothing of how they are kept.
 */
export interface MetricsSource {
  /** The exposition's media type, sent as the response's Content-Type. */
  readonly contentType: string;
  /** Every metric as it is now (gauges are read at this moment). */
  metrics(): Promise<string>;
}
