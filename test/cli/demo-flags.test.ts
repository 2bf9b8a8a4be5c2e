/** One table of demo-server flags, read by commander (`crmload demo-server`) and by the demo child's parser. */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { DEMO_FLAGS, demoArgs, parseDemoArgs } from '../../src/demo/flags.js';
import { parseDemoOptions } from '../../src/demo/options.js';
import { parseOnly, SILENT_IO as io } from './in-process.js';

describe('DEMO_FLAGS', () => {
  it('commander declares exactly the flags of the table, with their defaults', () => {
    const command = buildProgram(io, () => {}).commands.find((c) => c.name() === 'demo-server')!;
    expect(command.options.map((o) => o.long)).toEqual(DEMO_FLAGS.map((f) => f.flag));
    expect(command.options.map((o) => o.attributeName())).toEqual(DEMO_FLAGS.map((f) => f.key));
    const defaults = Object.fromEntries(DEMO_FLAGS.filter((f) => f.default !== undefined).map((f) => [f.key, f.default]));
    for (const [key, value] of Object.entries(defaults)) expect(command.getOptionValue(key)).toBe(value);
  });

  it('commander and the child parser read the same argv into the same options', async () => {
    const argv = ['--port', '0', '--seed', '7', '--size', 'medium', '--cache', '--no-indexes', '--rate-limit', '50/s', '--latency', '5ms..10ms', '--error-rate', '2%', '--stall', '30s:1s'];
    const { options: viaCommander } = await parseOnly(['demo-server', ...argv]);
    expect(parseDemoOptions(parseDemoArgs(argv))).toEqual(parseDemoOptions(viaCommander));
    expect(parseDemoOptions(parseDemoArgs(argv))).toMatchObject({ seed: 7, size: 'medium', cache: true, indexes: false, rateLimit: 50, errorRate: 0.02 });
  });

  it('demoArgs is the inverse of parseDemoArgs', () => {
    const raw = { port: '0', host: '::1', seed: '3', size: 'large', cache: true, indexes: false, rateLimit: '10', latency: '1ms', errorRate: '1%', stall: '10s:1s' };
    expect(parseDemoArgs(demoArgs(raw))).toEqual(raw);
    expect(demoArgs({ port: '0', cache: false, indexes: true })).toEqual(['--port', '0']);
  });

  it('the child parser refuses an unknown flag', () => {
    expect(() => parseDemoArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
  });
});
