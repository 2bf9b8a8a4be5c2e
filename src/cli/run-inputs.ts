/** Inputs of `crmload run` beside the plan: `-e KEY=VALUE` variables and `--demo-opt` levers. */
import { didYouMean } from '../did-you-mean.js';
// The options module alone: the demo package's index would load the whole server (SQLite, faker, metrics).
import { DemoConfigError, parseDemoOptions, type RawDemoOptions } from '../demo/options.js';
import { DEMO_FLAGS, demoArgs } from '../demo/flags.js';

/** The environment for vu.env(): the process's, with `-e KEY=VALUE` on top; problems are pushed to `issues`. */
export function mergeEnv(env: Readonly<Record<string, string | undefined>>, pairs: readonly string[], issues: string[]): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      // Only the part before '=' is shown: the value may be a secret.
      issues.push(`-e ${JSON.stringify(eq > 0 ? `${key}=…` : pair.replace(/=.*$/s, ''))}: expected KEY=VALUE, like -e CRM_EMAIL=me@example.com`);
      continue;
    }
    merged[key] = pair.slice(eq + 1);
  }
  return merged;
}

/** Levers `--demo-opt` may set: every demo-server flag but where it listens and its seed (the run's). */
const LEVERS = DEMO_FLAGS.filter((f) => !['--port', '--host', '--seed'].includes(f.flag));

/**
 * `--demo-opt` levers (`no-indexes`, `cache`, `rate-limit=60`, `latency=5ms..50ms`…) as the demo
 * server's own argv, validated as `crmload demo-server` validates them.
 */
export function demoLeverArgs(levers: readonly string[], issues: string[]): string[] {
  const raw: RawDemoOptions = {};
  const names = LEVERS.map((f) => f.flag.slice(2));
  for (const lever of levers) {
    const eq = lever.indexOf('=');
    const name = (eq >= 0 ? lever.slice(0, eq) : lever).trim().replace(/^--/, '');
    const flag = LEVERS.find((f) => f.flag === `--${name}`);
    if (!flag) {
      issues.push(`--demo-opt ${JSON.stringify(lever)}: unknown lever${didYouMean(name, names)} (levers: ${names.join(', ')})`);
      continue;
    }
    if (!flag.value && eq >= 0) issues.push(`--demo-opt ${lever}: ${name} takes no value`);
    else if (flag.value && eq < 0) issues.push(`--demo-opt ${lever}: ${name} needs a value (${flag.description})`);
    else raw[flag.key] = flag.value ? lever.slice(eq + 1) : !flag.flag.startsWith('--no-');
  }
  try {
    parseDemoOptions(raw);
  } catch (error) {
    if (!(error instanceof DemoConfigError)) throw error;
    issues.push(...error.issues.map((i) => `--demo-opt ${i.replace(/^--/, '')}`));
  }
  return demoArgs(raw);
}
