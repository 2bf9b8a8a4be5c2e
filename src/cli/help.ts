/** What `--help` adds to the option list: defaults (from the one table in config/defaults.ts), examples, exit codes. */
import { DEFAULTS } from '../config/defaults.js';
import { formatDuration } from '../units.js';
import { EXIT_CODE_TABLE } from '../exit-codes.js';
import { DEFAULT_TOLERANCE_SPEC } from '../report/tolerances.js';

/** ` (default: …)` for an option's help line, the way commander shows its own defaults. */
const shown = (text: string | number) => ` (default: ${text})`;

/** The defaults of `crmload run` (and `compare`) as help text, by option. */
export const DEFAULT_HELP = {
  vus: shown(`${DEFAULTS.vus}, when there is no --rate, no --stage and no scenario default`),
  duration: shown(`${formatDuration(DEFAULTS.durationMs)}, or the length of the stages`),
  startRate: shown(0),
  maxVus: shown(`${DEFAULTS.maxVusPerRate} × the peak rate, from ${DEFAULTS.minMaxVus} to ${DEFAULTS.maxMaxVus}`),
  connections: shown(`one per VU (closed model), --max-vus up to ${DEFAULTS.openConnections} (open model)`),
  pipelining: shown(DEFAULTS.pipelining),
  timeout: shown(formatDuration(DEFAULTS.timeoutMs)),
  grace: shown(formatDuration(DEFAULTS.graceMs)),
  warmup: shown(0),
  abortEvalDelay: shown(formatDuration(DEFAULTS.abortEvalDelayMs)),
  seed: shown(DEFAULTS.seed),
  maxRegression: shown(DEFAULT_TOLERANCE_SPEC),
} as const;

/** Examples after each command's options: each line parses as written (a test checks). */
const EXAMPLES: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  crmload: [
    ['crmload run crm-mixed', 'a mixed CRM workload against the built-in demo server'],
    ['crmload run --url http://127.0.0.1:8080/health --rate 200 --duration 30s', 'one URL at 200 requests/s'],
    ['crmload compare main.json perf.json', 'the baseline regression gate'],
  ],
  run: [
    ['crmload run crm-mixed', 'the bundled mixed workload against the demo server, with its SLAs'],
    ["crmload run --url http://127.0.0.1:8080/ --vus 50 --duration 30s --sla 'p99 < 50ms'", 'quick mode, closed model'],
    ['crmload run crm-search --target http://127.0.0.1:3000 --stage 30s:100/s --stage 1m:100/s', 'ramp from 0 to 100/s, then hold'],
    ['crmload run crm-browse --vus 0 --stage 30s:20 --stage 30s:0', 'ramp VUs up and down'],
    ['crmload run crm-mixed --duration 2m --json perf.json --junit perf.xml --baseline main.json --max-regression p95=10%,throughput=5%', 'a CI gate'],
  ],
  'demo-server': [
    ['crmload demo-server --port 3000', 'a demo CRM on http://127.0.0.1:3000'],
    ['crmload demo-server --size medium --no-indexes --latency 5ms..50ms --error-rate 1%', 'with levers and faults'],
  ],
  report: [
    ['crmload report perf.json', 'the summary table again'],
    ['crmload report perf.json --format html --output perf.html', 'a self-contained HTML report'],
  ],
  compare: [
    ['crmload compare main.json perf.json', `exit 3 on a regression beyond ${DEFAULT_TOLERANCE_SPEC}`],
    ['crmload compare main.json perf.json --max-regression p95=10%,p99=20%,throughput=5% --markdown -', 'stricter, as Markdown'],
  ],
  capacity: [
    ["crmload capacity --url http://127.0.0.1:8080/health --sla 'p99 < 100ms' --start 50 --hold 10s", 'the highest rate with p99 under 100 ms, in 10 s steps'],
    ["crmload capacity crm-browse --target http://127.0.0.1:3000 --sla 'p95 < 300ms' --factor 1.5 --max 500 --arrivals poisson --html capacity.html", 'a scenario, Poisson arrivals, with charts'],
  ],
  scenarios: [['crmload scenarios', 'the scenarios in ./scenarios, with their descriptions']],
};

/** The `Examples:` section of a command's help (`crmload` for the top level). */
export function examplesHelp(command: string): string {
  const list = EXAMPLES[command] ?? [];
  return list.length ? `\nExamples:\n${list.map(([line, what]) => `  # ${what}\n  ${line}`).join('\n')}\n` : '';
}

/** The exit-code table, as the help prints it. */
export function exitCodeHelp(): string {
  return `\nExit codes:\n${EXIT_CODE_TABLE.map(([c, m]) => `  ${String(c).padEnd(4)} ${m}`).join('\n')}\n`;
}
