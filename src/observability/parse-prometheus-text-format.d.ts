/** Types for parse-prometheus-text-format 1.x (the package ships none). */
declare module 'parse-prometheus-text-format' {
  /** One sample line as parsed (untyped families keep `value`; histogram parts use other keys). */
  interface ParsedSample {
    labels?: Record<string, string>;
    value?: string;
    timestamp_ms?: string;
  }
  /** A metric family: consecutive samples of one name, with its HELP and TYPE. */
  interface ParsedFamily {
    name: string;
    help: string;
    type: string;
    metrics: ParsedSample[];
  }
  /** Parses the Prometheus text format; throws on an invalid line. */
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
