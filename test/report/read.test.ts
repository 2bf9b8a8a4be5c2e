import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportFileError } from '../../src/errors.js';
import { parseJson, readReport } from '../../src/report/read.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { mutate } from './report-variants.js';

let dir: string;
const golden = JSON.stringify(fixtureReport(), null, 2);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crmload-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function readError(path: string): Promise<string> {
  const error = await readReport(path).then(
    () => {
      throw new Error(`${path} was accepted`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReportFileError);
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  expect(message).not.toMatch(/undefined|NaN|\[object Object\]|\s{4}at /);
  return message;
}

/** Deterministic "random" cut points spread over the file (a small LCG, seeded). */
function cutPoints(length: number, n: number, seed = 7): number[] {
  let state = seed;
  return Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return 1 + (state % (length - 1));
  });
}

describe('readReport', () => {
  it('reads a valid report', async () => {
    const report = await readReport(await fileWith('ok.json', golden));
    expect(report.run.id).toBe(fixtureReport().run.id);
    expect(report.steps).toHaveLength(3);
  });

  it('reads a report that starts with a byte-order mark', async () => {
    const report = await readReport(await fileWith('bom.json', `\ufeff${golden}`));
    expect(report.schemaVersion).toBe('1.0.0');
  });

  it('says "no such file" for a missing file', async () => {
    const path = join(dir, 'missing.json');
    expect(await readError(path)).toBe(`cannot read report "${path}": no such file`);
  });

  it('says when the path is a directory', async () => {
    expect(await readError(dir)).toBe(`cannot read report "${dir}": it is a directory`);
  });

  it.each([
    ['an HTML page', '<html>502 Bad Gateway</html>', /: not valid JSON \(unexpected token '<'( at line 1, column 1)?\)$/],
    ['a trailing comma', '{"a": [1, 2,]}', /: not valid JSON \(unexpected token '\]'( at line 1, column 13)?\)$/],
    ['two documents', '{"a": 1}\n{"b": 2}', /: not valid JSON \(unexpected non-whitespace character after JSON at line 2, column 1\)$/],
    ['an empty file', '', /: not valid JSON \(the file is empty\)$/],
    ['only whitespace', ' \n\t', /: not valid JSON \(the file is empty\)$/],
  ])('refuses %s as not valid JSON', async (name, text, pattern) => {
    const path = await fileWith(`${name.replace(/\W/g, '-')}.json`, text);
    const message = await readError(path);
    expect(message.startsWith(`${path}: not valid JSON (`)).toBe(true);
    expect(message).toMatch(pattern);
  });

  it.each(cutPoints(golden.length, 4))('refuses the report truncated at byte %i', async (cut) => {
    const path = await fileWith(`cut-${cut}.json`, golden.slice(0, cut));
    const message = await readError(path);
    expect(message).toMatch(/: not valid JSON \(unexpected end of input at line \d+, column \d+; is the file truncated\?\)$/);
  });

  it('refuses valid JSON with the wrong schema', async () => {
    const path = await fileWith('package.json', JSON.stringify({ name: 'crmload', version: '0.1.0', schemaVersion: '1.0.0' }));
    expect(await readError(path)).toBe(`${path}: not a crmload report: $schema: missing (expected string); tool: missing (expected object); run: missing (expected object) (+11 more)`);
  });

  it('refuses a report from a future schema version', async () => {
    const path = await fileWith('future.json', JSON.stringify({ ...fixtureReport(), schemaVersion: '2.0.0', totals: 'changed' }));
    expect(await readError(path)).toBe(
      `${path}: schema version 2.0.0 is not supported by this crmload (supports 1.x); re-render it with the crmload that wrote it`,
    );
  });

  it('refuses a corrupt base64 histogram', async () => {
    const report = fixtureReport();
    const hdr = report.steps[2].serviceTime.hdr;
    const corrupt = hdr.slice(0, 30) + [...hdr.slice(30, 60)].reverse().join('') + hdr.slice(60);
    const path = await fileWith('corrupt.json', JSON.stringify(mutate(report, 'steps.2.serviceTime.hdr', corrupt)));
    expect(await readError(path)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: steps\\[2\\]\\.serviceTime\\.hdr: corrupt histogram \\(.+\\)$`));
  });
});

describe('parseJson', () => {
  // Every 37th cut of the golden report: whatever V8 expected next, the message says "truncated".
  it('calls every cut of a report truncated', () => {
    const messages = new Set<string>();
    for (let cut = 1; cut < golden.length; cut += 37) {
      try {
        parseJson(golden.slice(0, cut), 'r.json');
        messages.add('parsed');
      } catch (error) {
        expect(error).toBeInstanceOf(ReportFileError);
        messages.add((error as Error).message.replace(/\d+/g, 'N'));
      }
    }
    expect([...messages]).toEqual(['r.json: not valid JSON (unexpected end of input at line N, column N; is the file truncated?)']);
  });

  it('never quotes the input or breaks the line', () => {
    const message = (() => {
      try {
        parseJson('{"token": "secret\u0001value"}', 'r.json');
      } catch (error) {
        return (error as Error).message;
      }
      return 'parsed';
    })();
    expect(message).toBe('r.json: not valid JSON (bad control character in string literal at line 1, column 18)');
  });
});
