/**
 * `crmload k8s`: the YAML is pinned by a golden file (fixed clock), refused input is reported all at
 * once before anything is printed, and the output is valid for kubectl offline (round trip through
 * `kubectl set env --local` and `kubectl label --local`; skipped, saying so, where kubectl is absent).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { k8sCommand, type K8sOptions, type RunOptionParser } from '../../src/cli/k8s-command.js';
import { ConfigError } from '../../src/errors.js';
import { ROOT } from '../helpers/cli.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const SCENARIO = 'test/fixtures/scenarios/three-steps.ts';

function fakeIo(): CliIo & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: () => true },
    stderrStream: process.stderr,
    stdoutTTY: false,
    stderrTTY: false,
    env: {},
    cwd: ROOT,
    version: '0.0.0-test',
  };
}

const parseRun: RunOptionParser = (args) => {
  const run = buildProgram(fakeIo(), () => {}).commands.find((c) => c.name() === 'run')!;
  const { operands, unknown } = run.parseOptions([...args]);
  return { options: run.opts(), unknown, operands };
};

async function k8s(runArgs: string[], options: K8sOptions = {}): Promise<string> {
  const io = fakeIo();
  const code = await k8sCommand(SCENARIO, runArgs, { shards: '4', image: 'registry.example.test/crmload:1.0', ...options }, io, parseRun, NOW);
  expect(code).toBe(0);
  return io.out.join('');
}

async function issues(runArgs: string[], options: K8sOptions): Promise<string[]> {
  try {
    await k8sCommand(SCENARIO, runArgs, options, fakeIo(), parseRun, NOW);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

const RUN_ARGS = ['--rate', '400', '--duration', '5m', '--target', 'http://crm.example.test:8080', '--sla', 'p95 < 300ms'];

describe('crmload k8s', () => {
  it('prints a ConfigMap and an Indexed Job (golden file)', async () => {
    await expect(await k8s(RUN_ARGS, { startIn: '90s' })).toMatchFileSnapshot('__golden__/k8s-three-steps.yaml');
  });

  it('the Job runs N shards together, each pod one shard starting at the computed instant', async () => {
    const [configMap, job] = parseAllDocuments(await k8s(RUN_ARGS)).map((d) => d.toJS());
    expect(Object.keys(configMap.data)).toEqual(['three-steps.ts']);
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimit: 0 });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const args: string[] = pod.containers[0].args;
    expect(args.slice(0, 1 + RUN_ARGS.length)).toEqual(['/app/k8s-scenario/three-steps.ts', ...RUN_ARGS]);
    expect(args.slice(1 + RUN_ARGS.length)).toEqual(['--shard', 'auto', '--shards', '4', '--start-at', '2026-01-01T00:02:00Z', '--json', '-', '--compact-json', '--quiet']);
    expect(pod.containers[0].resources.requests).toEqual({ cpu: '1', memory: '512Mi' });
  });

  it('refuses bad input all at once, nothing printed', async () => {
    expect(await issues(['--json', 'out.json', '--rate', 'fast', '--bogus'], { image: 'has space' })).toEqual([
      '--shards N: how many pods (shards) to run',
      '--image IMAGE: the container image with crmload (see the Dockerfile), like ghcr.io/acme/crmload:1.0',
      '--json: set by crmload k8s for every pod (or names a file the pods do not have); leave it out',
      '--bogus: not an option of crmload run',
      '--target URL: the CRM the pods load (without it, each pod would start a demo server of its own)',
      '--rate "fast": expected a number per second, like 50, 50/s or 3000/m',
    ]);
  });

  it('refuses more pods than VUs to share out: a pod with none would send nothing and pass', async () => {
    const target = ['--target', 'http://crm.example.test:8080'];
    expect(await issues(['--vus', '3', '--duration', '1m', ...target], { shards: '4', image: 'img:1' })).toEqual([
      '3 VUs at most with 4 shards: each needs at least one VU (give --vus, or a --stage target, of 4 or more)',
    ]);
    expect(await issues(['--rate', '10', '--max-vus', '2', '--duration', '1m', ...target], { shards: '4', image: 'img:1' })).toEqual([
      '--max-vus 2 with 4 shards: each needs at least one VU (give --max-vus 4 or more)',
    ]);
    await k8s(['--vus', '4', '--duration', '1m', ...target]);
  });

  it('refuses what crmload run would refuse in every pod', async () => {
    expect(await issues(['--demo-opt', 'cache', '-e', '1BAD=x', '--max-regression', 'p95=10%', '--metrics-host', '0.0.0.0'], { shards: '2', image: 'img:1' })).toEqual([
      '-e "1BAD=…": expected KEY=VALUE, like -e CRM_EMAIL=me@example.com',
      '--target URL: the CRM the pods load (without it, each pod would start a demo server of its own)',
      '--demo-opt: the levers are for the built-in demo server, which the pods do not share; give --target',
      '--max-regression: only with --baseline, which the pods do not take (merge their reports, then crmload compare)',
      expect.stringMatching(/^--metrics-host/),
    ]);
  });

  it.each([
    { name: '--shard', args: ['--shard', '1/2'] },
    { name: '--start-at', args: ['--start-at', '+1m'] },
    { name: '--workers', args: ['--workers', '2'] },
  ])('refuses $name: the Job sets it', async ({ args }) => {
    const found = await issues(args, { shards: '2', image: 'img:1' });
    expect(found[0]).toMatch(/^--[a-z-]+: set by crmload k8s for every pod/);
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!kubectl)('crmload k8s output is valid for kubectl offline (skipped where kubectl is not installed; .ci/run installs it)', () => {
  it('kubectl set env --local -f - X=1 -o yaml keeps the Job whole and adds the variable', async () => {
    const [, jobText] = (await k8s(RUN_ARGS)).split(/^---\n/m).slice(1);
    const out = execFileSync('kubectl', ['set', 'env', '--local', '-f', '-', 'X=1', '-o', 'yaml'], { input: jobText, encoding: 'utf8' });
    const job = parseAllDocuments(out)[0].toJS();
    const original = parseAllDocuments(jobText)[0].toJS();
    const container = job.spec.template.spec.containers[0];
    expect(container.env).toEqual([...original.spec.template.spec.containers[0].env, { name: 'X', value: '1' }]);
    expect(container.args).toEqual(original.spec.template.spec.containers[0].args);
    expect(container.command).toEqual(original.spec.template.spec.containers[0].command);
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimit: 0 });
  });

  it('kubectl label --local reads both documents; the ConfigMap keeps the scenario byte for byte', async () => {
    const text = await k8s(RUN_ARGS);
    // kubectl prints several local objects as concatenated JSON documents, one per object.
    const out = execFileSync('kubectl', ['label', '--local', '-f', '-', 'crmload.dev/check=1', '-o', 'json'], { input: text, encoding: 'utf8' });
    const docs = out.trim().split(/^}\n(?={)/m).map((part, i, all) => JSON.parse(i < all.length - 1 ? `${part}}` : part));
    expect(docs.every((d) => d.metadata.labels['crmload.dev/check'] === '1')).toBe(true);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Job']);
    const { readFileSync } = await import('node:fs');
    expect(docs[0].data['three-steps.ts']).toBe(readFileSync(`${ROOT}/${SCENARIO}`, 'utf8'));
  });
});
