/** The stall guard in process: a command still pending when the event loop drains is an internal error. */
import { describe, expect, it } from 'vitest';
import { guardStall, onStall, STALL_REASON } from '../../src/cli/stall.js';

describe('guardStall', () => {
  it('on beforeExit with the command pending: one line, every rescue with the reason, then exit 1', async () => {
    const lines: string[] = [];
    const rescued: string[] = [];
    let exitCode: number | null = null;
    const unregister = onStall(async (reason) => void rescued.push(reason));
    const exited = new Promise<void>((resolve) => {
      void guardStall(new Promise(() => {}), (l) => lines.push(l), (code) => {
        exitCode = code;
        resolve();
      });
    });
    process.emit('beforeExit', 0);
    await exited;
    unregister();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^crmload: internal error: the run stopped making progress/);
    expect(rescued).toEqual([STALL_REASON]);
    expect(exitCode).toBe(1);
  });

  it('a command that settles is returned as is, and a later beforeExit does nothing', async () => {
    let exits = 0;
    const rescue = onStall(async () => void exits++);
    await expect(guardStall(Promise.resolve(7), () => exits++, () => exits++)).resolves.toBe(7);
    process.emit('beforeExit', 0);
    rescue();
    expect(exits).toBe(0);
  });
});
