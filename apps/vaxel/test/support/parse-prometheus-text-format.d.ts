/** The parts of parse-prometheus-text-format 1.1.1 (no types of its own) the tests read. */
declare module 'parse-prometheus-text-format' {
  export type ParsedSample = {
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  };
  export type ParsedFamily = { name: string; help: string; type: string; metrics: ParsedSample[] };
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
