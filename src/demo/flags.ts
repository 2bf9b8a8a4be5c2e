/**
 * The demo server's command-line flags, in one table read by both parsers: commander for
 * `crmload demo-server` (in cli/) and node:util's parseArgs for the demo child process. It lives in
 * demo/ because the demo server imports nothing from the rest of crmload, while cli/ may import demo/.
 */
import { parseArgs } from 'node:util';
import type { RawDemoOptions } from './options.js';

/** One flag: how it is typed, what it sets, and its help line. */
export interface DemoFlag {
  /** The option it sets. A `--no-…` flag turns its option off. */
  key: keyof RawDemoOptions;
  /** As typed: `--rate-limit`, `--no-indexes`. */
  flag: string;
  /** Placeholder of the value (`d`, `every:for`); absent for a switch. */
  value?: string;
  /** The help line. */
  description: string;
  /** Shown in `--help` and used when the flag is absent. */
  default?: string;
}

/** Every demo-server flag, in help order. */
export const DEMO_FLAGS: readonly DemoFlag[] = [
  { key: 'port', flag: '--port', value: 'n', description: 'port (0 = any free port)', default: '0' },
  { key: 'host', flag: '--host', value: 'host', description: 'address to listen on', default: '127.0.0.1' },
  { key: 'seed', flag: '--seed', value: 'n', description: 'seed for the generated data', default: '1' },
  { key: 'size', flag: '--size', value: 'size', description: 'data size: small | medium | large', default: 'small' },
  { key: 'cache', flag: '--cache', description: 'cache hot reads (invalidated on writes)' },
  { key: 'indexes', flag: '--no-indexes', description: 'drop the secondary indexes (search scans)' },
  { key: 'rateLimit', flag: '--rate-limit', value: 'r', description: 'answer 429 with Retry-After above R requests per second (50, 50/s, 3000/m)' },
  { key: 'pool', flag: '--pool', value: 'n', description: 'process at most N requests at once, queue the rest FIFO (a connection pool)' },
  { key: 'latency', flag: '--latency', value: 'd', description: 'added latency: 5ms, or a range 5ms..50ms' },
  { key: 'errorRate', flag: '--error-rate', value: 'p', description: 'answer 503 to this share of requests, like 1%' },
  { key: 'stall', flag: '--stall', value: 'every:for', description: 'freeze the event loop, like 30s:1s' },
];

/** The flag as commander declares it: `--latency <d>`, `--cache`. */
export function flagSyntax(flag: DemoFlag): string {
  return flag.value ? `${flag.flag} <${flag.value}>` : flag.flag;
}

/**
 * Raw options from the demo child's argv (strict: an unknown flag throws node's ERR_PARSE_ARGS_*).
 * Defaults from the table apply, as they do under commander.
 */
export function parseDemoArgs(argv: string[]): RawDemoOptions {
  const options = Object.fromEntries(
    DEMO_FLAGS.map((f) => [f.flag.slice(2), f.value ? { type: 'string' as const, ...(f.default !== undefined ? { default: f.default } : {}) } : { type: 'boolean' as const }]),
  );
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const raw: RawDemoOptions = {};
  for (const f of DEMO_FLAGS) {
    const value = values[f.flag.slice(2)];
    if (value === undefined) continue;
    raw[f.key] = f.flag.startsWith('--no-') ? !value : value;
  }
  return raw;
}

/** The argv that gives these raw options to the demo child: the inverse of {@link parseDemoArgs}. */
export function demoArgs(raw: RawDemoOptions): string[] {
  const args: string[] = [];
  for (const f of DEMO_FLAGS) {
    const value = raw[f.key];
    if (value === undefined) continue;
    if (f.value) args.push(f.flag, String(value));
    else if (value === !f.flag.startsWith('--no-')) args.push(f.flag);
  }
  return args;
}
