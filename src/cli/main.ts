/**
 * crmload's entry: parse → run the command → exit code. The single top-level catch turns expected
 * errors into one `crmload: error: …` line each and their exit code; anything else is a bug (exit 1).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, EnvironmentError, ReportFileError, WorkerError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { DEMO_FLAGS, flagSyntax } from '../demo/flags.js';
import { DEFAULT_HELP as D, examplesHelp, exitCodeHelp } from './help.js';
import { releaseEarlySignals } from './early.js';
import type { CliIo } from './io.js';
import { guardStall } from './stall.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The HTTP options `run` and `capacity` share: how requests reach the target. */
function withHttpOptions(command: Command): Command {
  return command
    .option('--connections <n>', `connections per origin${D.connections}`)
    .option('--pipelining <n>', `HTTP/1.1 pipelining depth per connection${D.pipelining}`)
    .option('--timeout <d>', `total deadline per request${D.timeout}`)
    .option('--header <header>', "header for every request, 'Name: value'; repeatable", collect)
    .option('--insecure', 'do not verify TLS certificates')
    .option('--ca <file>', 'trust this CA certificate (PEM)')
    .option('--no-keepalive', 'close connections after each response');
}

/** The command-line program; actions call `handlers`, so tests can parse without running. */
export function buildProgram(io: CliIo, done: (promise: Promise<number>) => void): Command {
  const program = new Command('crmload')
    .description('Load tester and SLA gate for CRM APIs')
    .version(pkg.version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => {} })
    .addHelpText('after', examplesHelp('crmload') + exitCodeHelp());

  const run = program
    .command('run')
    .description('run a scenario (file, or name from ./scenarios) or a quick --url test, and gate on SLAs')
    .argument('[scenario]', 'scenario file, or a name resolved to ./scenarios/NAME.ts')
    .option('--target <url>', 'base URL of the CRM under test (default: the built-in demo server)')
    .option('--url <url>', 'quick mode: no scenario, one GET step against URL')
    .option('-u, --vus <n>', `closed model: N virtual users loop the scenario; with --stage, the VUs a ramp starts from${D.vus}`)
    .option('-r, --rate <r>', 'open model: iterations started per second (50, 50/s, 3000/m)')
    .option('--stage <d:t>', 'ramp to target T over duration D: VUs (30s:100) or a rate (30s:100/s); repeatable', collect)
    .option('--start-rate <r>', `where a ramp of rates starts; a ramp of VUs starts at --vus${D.startRate}`)
    .option('--ramp-up <d>', 'closed model: start the VUs evenly over D (default: the mean think time; 0s starts them all at once)')
    .option('-d, --duration <d>', `how long to run (10s, 1m30s)${D.duration}`)
    .option('-i, --iterations <n>', 'stop after N iterations')
    .option('--warmup <d>', `measured but excluded from statistics and SLAs${D.warmup}`)
    .option('--max-vus <n>', `open model: cap on concurrent iterations; starts beyond it are dropped and counted${D.maxVus}`)
    .option('--arrivals <process>', 'open model: constant (evenly spaced, default) or poisson (exponential gaps, same mean rate)')
    .option('--grace <d>', `at the end, time in-flight requests get to finish${D.grace}`)
    .option('--think <d>', 'think time between steps, overriding the scenario (200ms or 100ms..500ms)');
  withHttpOptions(run)
    .option('--http2', 'offer HTTP/2 (negotiated by ALPN on https targets)')
    .option('--allow-origin <origin>', 'an origin besides the target that requests may reach, like https://auth.example.com; repeatable', collect)
    .option('-e, --env <KEY=VALUE>', "a variable for vu.env() (overrides the environment's); repeatable", collect)
    .option('--http-debug [n]', 'print each request and response (headers redacted) of the first N iterations to stderr (default 3)')
    .option('--demo-opt <lever>', 'a lever of the auto-started demo server, like no-indexes, cache, rate-limit=60 or latency=5ms; repeatable', collect)
    .option('--sla <expr>', "SLA target, like 'p95 < 300ms' or 'p99{step=\"login\"} < 1s'; repeatable", collect)
    .option('--abort-on-fail', 'stop early once an SLA fails (after --abort-eval-delay of measured time)')
    .option('--abort-eval-delay <d>', `minimum measured time before an SLA may abort the run${D.abortEvalDelay}`)
    .option('--seed <n>', `seed for data and the scenario mix${D.seed}`)
    .option('--json <file>', 'write the JSON report (- for stdout)')
    .option('--compact-json', 'with --json: write the JSON report on one line (for logs: the last line is the report)')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--markdown <file>', 'write a Markdown report (- for stdout)')
    .option('--baseline <report>', 'compare with a previous JSON report; a regression exits 3')
    .option('--max-regression <spec>', `tolerances for --baseline, like p95=10%,throughput=5%${D.maxRegression}`)
    .option('--metrics-port <port>', 'serve live Prometheus metrics at http://HOST:PORT/metrics during the run (0 = any free port)')
    .option('--metrics-host <host>', 'address for --metrics-port (default 127.0.0.1)')
    .option('--server-metrics <url>', "scrape the target's Prometheus endpoint once a second into the report: a URL, a path on the target like /metrics, or demo")
    .option('--server-series <names>', 'series kept from --server-metrics, comma-separated, * allowed (default: process_cpu_seconds_total,process_resident_memory_bytes,*_duration_seconds)')
    .option('--shard <i/n>', 'run shard i of n of the plan (1-based), or auto (JOB_COMPLETION_INDEX with --shards, or CRMLOAD_SHARD=i/n)')
    .option('--shards <n>', 'with --shard auto: the number of shards (a Kubernetes Job\'s completions)')
    .option('--start-at <t>', 'start the schedule at this wall-clock instant: RFC 3339, or +30s from now')
    .option('--workers <n>', 'run N worker threads on this machine, each a shard, merged (auto = cores)')
    .option('-q, --quiet', 'no progress and no summary')
    .option('--no-color', 'no colour (also NO_COLOR)')
    .addOption(new Option('--progress', 'progress line even when stderr is not a terminal').default(undefined))
    .addHelpText('after', examplesHelp('run') + exitCodeHelp())
    .action((scenario: string | undefined, options) => {
      done(import('./commands/run.js').then((m) => m.runCommand(scenario, options, io)));
    });

  const capacity = program
    .command('capacity')
    .description('find the highest arrival rate the target sustains within its SLAs, and fit a queueing model to it')
    .argument('[scenario]', 'scenario file, or a name resolved to ./scenarios/NAME.ts')
    .option('--target <url>', 'base URL of the CRM under test (default: the built-in demo server)')
    .option('--url <url>', 'quick mode: no scenario, one GET step against URL')
    .option('--demo-opt <lever>', 'a lever of the auto-started demo server, like cache, pool=4 or latency=20ms; repeatable', collect)
    .option('--sla <expr>', "SLA every step is judged by, like 'p99 < 300ms'; repeatable (at least one, here or in the scenario)", collect)
    .option('--start <r>', 'first rate (default: 10/s)')
    .option('--step <r>', 'climb by adding this rate after each passing step')
    .option('--factor <f>', 'climb by multiplying the rate by F after each passing step (default: 2)')
    .option('--hold <d>', 'how long each step holds its rate (default: 30s)')
    .option('--warmup-step <d>', 'the start of each step, excluded from its verdict (default: 5s)')
    .option('--max <r>', 'highest rate to try')
    .option('--precision <p>', 'bisect until the failing rate is within P of the passing one (default: 5%)')
    .option('--arrivals <process>', 'constant (evenly spaced, default) or poisson (exponential gaps, same mean rate)')
    .option('--max-vus <n>', `cap on concurrent iterations per step${D.maxVus}`)
    .option('--grace <d>', `at the end of each step, time in-flight requests get to finish${D.grace}`)
    .option('--think <d>', 'think time between steps of a scenario (200ms or 100ms..500ms)');
  withHttpOptions(capacity)
    .option('--seed <n>', `seed for data, the scenario mix and Poisson arrivals${D.seed}`)
    .option('--json <file>', 'write the JSON report with its capacity block (- for stdout)')
    .option('--html <file>', 'write a self-contained HTML report with the capacity charts')
    .option('--quiet', 'no step lines and no summary')
    .option('--no-color', 'no colour (also NO_COLOR)')
    .addHelpText('after', `${examplesHelp('capacity')}\nExit codes: 0 a sustainable rate was found · 2 bad input · 3 none: the first step failed, or crmload itself was the limit · 4 a report could not be written\n`)
    .action((scenario: string | undefined, options) => {
      done(import('./commands/capacity.js').then((m) => m.capacityCommand(scenario, options, io)));
    });

  const demo = program.command('demo-server').description('start the built-in demo CRM API');
  for (const flag of DEMO_FLAGS) demo.option(flagSyntax(flag), flag.description, flag.default);
  demo.addHelpText('after', examplesHelp('demo-server'));
  demo.action((options) => done(import('./commands/demo-server.js').then((m) => m.demoServerCommand(options, io))));

  program
    .command('report')
    .description('re-render a saved JSON report')
    .argument('<report>', 'a JSON report written by crmload run --json')
    .option('--format <format>', 'table | json | junit | markdown | html', 'table')
    .option('--output <file>', 'write to a file instead of stdout')
    .option('--no-color', 'no colour')
    .addHelpText('after', examplesHelp('report'))
    .action((file: string, options) => done(import('./commands/report.js').then((m) => m.reportCommand(file, options, io))));

  program
    .command('compare')
    .description('baseline regression gate: compare two JSON reports (exit 3 on a regression)')
    .argument('<base>', 'the baseline report')
    .argument('<head>', 'the new report')
    .option('--max-regression <spec>', `tolerances, like p95=10%,p99=20%,throughput=5%${D.maxRegression}`)
    .option('--markdown <file>', 'also write the comparison as Markdown (- for stdout)')
    .option('--force', 'compare reports of different scenarios or load models anyway (else exit 2)')
    .option('--no-color', 'no colour')
    .addHelpText('after', examplesHelp('compare') + exitCodeHelp())
    .action((base: string, head: string, options) => done(import('./commands/compare.js').then((m) => m.compareCommand(base, head, options, io))));

  program
    .command('merge')
    .description('merge the shard reports of one distributed run exactly and judge the SLAs on the merged data')
    .argument('<reports...>', 'the JSON reports of crmload run --shard i/n, one per shard')
    .option('--sla <expr>', 'an SLA to judge besides the shards\' own; repeatable', collect)
    .option('--allow-partial', 'merge even with shards missing; the result is marked incomplete')
    .option('--json <file>', 'write the merged JSON report (- for stdout)')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--markdown <file>', 'write a Markdown report (- for stdout)')
    .option('--quiet', 'no summary')
    .option('--no-color', 'no colour')
    .addHelpText('after', exitCodeHelp())
    .action((files: string[], options) => done(import('./merge-command.js').then((m) => m.mergeCommand(files, options, io))));

  program
    .command('k8s')
    .description('print a Kubernetes ConfigMap + Indexed Job that runs SCENARIO as N shards starting together')
    .argument('<scenario>', 'scenario file, or a name resolved to ./scenarios/NAME.ts')
    .argument('[run-options...]', 'crmload run options for every shard, like --rate 400 --duration 5m --target URL')
    .option('--shards <n>', 'number of shards (pods): the Job\'s parallelism and completions')
    .option('--image <image>', 'container image with crmload (see the Dockerfile)')
    .option('--start-in <d>', 'every shard starts at now + this (default 2m): apply the YAML before then')
    .option('--name <name>', 'Job name (default crmload-SCENARIO)')
    .option('--namespace <ns>', 'namespace of the ConfigMap and Job')
    .option('--cpu <cpu>', 'CPU request per pod (default 1)')
    .option('--memory <size>', 'memory request and limit per pod (default 512Mi)')
    .allowUnknownOption()
    .action((scenario: string, runArgs: string[], options) =>
      done(
        import('./k8s-command.js').then((m) =>
          m.k8sCommand(scenario, runArgs, options, io, (args) => {
            const run = buildProgram(io, () => {}).commands.find((c) => c.name() === 'run')!;
            const { operands, unknown } = run.parseOptions([...args]);
            return { options: run.opts(), unknown, operands };
          }, Date.now()),
        ),
      ),
    );

  program
    .command('scenarios')
    .description('list the scenarios in ./scenarios and the bundled ones, with their descriptions')
    .addHelpText('after', examplesHelp('scenarios'))
    .action(() => done(import('./commands/scenarios.js').then((m) => m.scenariosCommand(io))));

  program
    .command('check')
    .description('load and validate a scenario without sending anything (type-checked when the project has TypeScript)')
    .argument('<scenario>', 'scenario file, or a name from ./scenarios or the bundled ones')
    .option('-e, --env <KEY=VALUE>', 'a variable for vu.env(); repeatable', collect)
    .option('--no-color', 'no colour (check prints none; accepted as every command does)')
    .action((scenario: string, options) => done(import('./check-command.js').then((m) => m.checkCommand(scenario, options, io))));

  program
    .command('init')
    .description('scaffold a scenario, its data, a tsconfig.json for editor types and a CI workflow')
    .argument('[dir]', 'the project directory (default: the current one)')
    .action((dir: string | undefined) => done(import('./init-command.js').then((m) => m.initCommand(dir, io))));

  return program;
}

/** Run crmload with these arguments and exit with its code. */
export async function main(argv: string[]): Promise<void> {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrStream: process.stderr,
    stdoutTTY: process.stdout.isTTY === true,
    stderrTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    version: pkg.version,
  };
  // A closed pipe (`crmload run … | head -1`) must not change the outcome.
  process.stdout.on('error', () => {});
  // Only `run` takes over the signals held since start-up; every other command has the default back.
  if (argv.find((a) => !a.startsWith('-')) !== 'run') releaseEarlySignals();
  const code = await guardStall(execute(argv, io), (line) => io.stderr.write(line), (c) => process.exit(c));
  process.exitCode = code;
  // Give stdout a moment to flush, then make sure nothing (a stray socket, a timer) keeps us alive.
  setTimeout(() => process.exit(code), 50).unref();
}

export async function execute(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  let pending: Promise<number> | null = null;
  try {
    const program = buildProgram(io, (p) => (pending = p));
    if (args.length === 0) {
      io.stdout.write(program.helpInformation() + examplesHelp('crmload') + exitCodeHelp());
      return ExitCode.ok;
    }
    await program.parseAsync(args, { from: 'user' });
    return pending ? await pending : ExitCode.ok;
  } catch (error) {
    return report(error, io, debug);
  }
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  const line = (m: string) => io.stderr.write(`crmload: error: ${m}\n`);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return ExitCode.ok;
    // One line, the suggestion included: commander puts "(Did you mean --vus?)" on a line of its own.
    line(error.message.replace(/^error: /, '').replace(/\s*\n\s*\(Did you mean (.*)\)\s*$/s, ' (did you mean $1)').trim());
    return ExitCode.badInput;
  }
  if (error instanceof ConfigError) {
    error.issues.forEach(line);
    return ExitCode.badInput;
  }
  if (error instanceof EnvironmentError) {
    error.issues.forEach(line);
    return error.exitCode;
  }
  if (error instanceof WorkerError) {
    line(error.message);
    return ExitCode.internal;
  }
  if (error instanceof ReportFileError) {
    line(error.message);
    return ExitCode.badInput;
  }
  const e = error as Error;
  io.stderr.write(`crmload: internal error: ${e?.message ?? String(error)} (this is a bug${debug ? '' : '; run with --debug for details'})\n`);
  if (debug && e?.stack) io.stderr.write(`${e.stack}\n`);
  return ExitCode.internal;
}
