import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDemoChild } from '../../dist/cli/demo-child.js';
import { startDemoChild as startFromSource } from '../../src/cli/demo-child.js';
import { send } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = `${root}dist/cli/demo-entry.js`;

/** True while a process exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

async function waitGone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

describe('startDemoChild', () => {
  it('starts the built demo server in a child process and stops it', async () => {
    const child = await startDemoChild({ seed: 3, size: 'small', extraArgs: ['--cache'] });
    expect(child.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(child.pid).not.toBe(process.pid);
    const health = await send(child.url, 'GET', '/health');
    expect(health.json).toMatchObject({ status: 'ok', seed: 3, size: 'small', cache: true });
    await child.stop();
    expect(await waitGone(child.pid, 3_000)).toBe(true);
    await child.stop();
  });

  it('also runs from the TypeScript source (through tsx)', async () => {
    const child = await startFromSource({ seed: 4 });
    try {
      expect((await send(child.url, 'GET', '/health')).json.seed).toBe(4);
    } finally {
      await child.stop();
    }
    expect(alive(child.pid)).toBe(false);
  });

  it('fails clearly when the server cannot start', async () => {
    await expect(startDemoChild({ extraArgs: ['--latency', 'fast'] })).rejects.toThrow(
      /demo server exited before it was ready \(exit code 2\)/,
    );
  });

  it('the child exits when its parent is killed with SIGKILL', async () => {
    const script = `
      const { startDemoChild } = await import(${JSON.stringify(`${root}dist/cli/demo-child.js`)});
      const child = await startDemoChild({ seed: 1 });
      console.log(JSON.stringify({ pid: child.pid, url: child.url }));
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: parent.stdout! }).once('line', resolve);
        parent.once('exit', (code) => reject(new Error(`intermediate parent exited early (${code})`)));
      });
      const { pid, url } = JSON.parse(line) as { pid: number; url: string };
      expect((await send(url, 'GET', '/health')).status).toBe(200);
      parent.kill('SIGKILL');
      expect(await waitGone(pid, 5_000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

describe('demo-entry', () => {
  it('prints exactly one JSON line with the URL and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [entry, '--port', '0', '--seed', '2'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => { if (lines.length > 0) { clearInterval(check); resolve(); } }, 20);
    });
    const { url } = JSON.parse(lines[0]) as { url: string };
    expect((await send(url, 'GET', '/health')).json.seed).toBe(2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toHaveLength(1);
  });

  it('exits when its stdin closes', async () => {
    const child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout!.once('data', resolve));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin!.end();
    expect(await exited).toBe(0);
  });

  it('reports every bad option on stderr and exits 2', () => {
    const result = spawnSync(process.execPath, [entry, '--latency', 'fast', '--error-rate', '300%', '--size', 'xl'], {
      encoding: 'utf8', timeout: 15_000,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'crmload demo-server: error: --size "xl": expected one of small, medium, large',
      'crmload demo-server: error: --latency "fast": expected a duration like 5ms or a range like 5ms..50ms (min <= max, at most 596h31m23.647s)',
      'crmload demo-server: error: --error-rate "300%": expected a percentage like 1%, from 0% to 100%',
    ]);
    const unknown = spawnSync(process.execPath, [entry, '--bogus'], { encoding: 'utf8', timeout: 15_000 });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
  });
});
