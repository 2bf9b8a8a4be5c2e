/** `crmload run` refuses bad input before anything is sent: every problem at once, exit 2 (in process). */
import { describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';

const URL = 'http://127.0.0.1:9/';

describe('run: options that need another option (issue 9 #16)', () => {
  it('--max-regression without --baseline is bad input', async () => {
    const r = await runInProcess(['run', '--url', URL, '--duration', '1s', '--max-regression', 'p95=10%']);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual(['crmload: error: --max-regression: only with --baseline (it sets the tolerances of the comparison with that report)']);
  });
});

describe('run: --compact-json', () => {
  it('without --json is bad input, not silently ignored', async () => {
    const r = await runInProcess(['run', '--url', URL, '--duration', '1s', '--compact-json']);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual(['crmload: error: --compact-json: only with --json FILE or --json - (it sets how that report is written)']);
  });
});

describe('run: a mistyped option or command', () => {
  it('is one line, the suggestion on it', async () => {
    const option = await runInProcess(['run', '--url', URL, '--vu', '5']);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe("crmload: error: unknown option '--vu' (did you mean --vus?)\n");
    const command = await runInProcess(['rnu']);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe("crmload: error: unknown command 'rnu' (did you mean run?)\n");
  });
});

describe('run: a directory given as the scenario', () => {
  it('says it is a directory, not that it does not exist', async () => {
    const r = await runInProcess(['run', '/tmp']);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual(['crmload: error: scenario "/tmp": /tmp is a directory, not a scenario file']);
  });
});

describe('run: two reports to one file', () => {
  it('is bad input: the last written would replace the other', async () => {
    const r = await runInProcess(['run', '--url', URL, '--duration', '1s', '--json', '/tmp/same.out', '--html', '/tmp/same.out', '--junit', '/tmp/other.xml']);
    expect(r.code).toBe(2);
    expect(r.errors).toEqual(['crmload: error: --json and --html: the same file; give each report its own']);
  });
});

describe('run: every problem at once (issue 9 #16)', () => {
  it('a bad output path is reported together with the other option problems', async () => {
    const r = await runInProcess(['run', '--url', URL, '--vus', '0', '--duration', '10x', '--json', '/nonexistent/dir/r.json', '--html', '/nonexistent/r.html']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.errors).toEqual([
      'crmload: error: --vus "0": must be at least 1',
      'crmload: error: --duration "10x": expected a duration like 500ms, 10s, 1m30s or 2h',
      'crmload: error: --json /nonexistent/dir/r.json: directory /nonexistent/dir does not exist',
      'crmload: error: --html /nonexistent/r.html: directory /nonexistent does not exist',
    ]);
  });

  it('an unreadable baseline and --ca are reported with the rest', async () => {
    const r = await runInProcess(['run', '--url', URL, '--duration', 'soon', '--baseline', '/nonexistent/base.json', '--ca', '/nonexistent/ca.pem']);
    expect(r.code).toBe(2);
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]).toMatch(/--duration "soon"/);
    expect(r.errors.slice(1).join('\n')).toMatch(/cannot read report "\/nonexistent\/base\.json"/);
    expect(r.errors.slice(1).join('\n')).toMatch(/--ca \/nonexistent\/ca\.pem: cannot read the file/);
  });
});
