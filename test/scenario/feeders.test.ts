/**
 * Data feeders (issue 12 item 2): parsing (a malformed row is bad input at file:line), the three
 * modes, unique rows striped over shards, exhaustion (stop the run or fail the iteration), and
 * vu.data on a fake host.
 */
import { describe, expect, it } from 'vitest';
import { parseCsvRows, parseJsonRows } from '../../src/scenario/data-parse.js';
import { FeederTable, type LoadedFeeder } from '../../src/scenario/data-table.js';
import { defineScenario } from '../../src/scenario/define.js';
import { csv, json } from '../../src/scenario/feeders.js';
import type { FeederOptions } from '../../src/scenario/feeder-types.js';
import { ScenarioRuntime } from '../../src/scenario/runtime.js';
import { ScenarioVu } from '../../src/scenario/vu.js';
import { FakeHost, settle } from './fake-host.js';

function loaded(n: number, options: FeederOptions = {}): LoadedFeeder {
  return { feeder: csv('users.csv', options), file: 'users.csv', rows: Array.from({ length: n }, (_, i) => ({ id: String(i) })) };
}

describe('parsing', () => {
  it.each([
    ['a header and rows', 'email,password\na@x,1\nb@x,2\n', { rows: [{ email: 'a@x', password: '1' }, { email: 'b@x', password: '2' }] }],
    ['quoted fields and a BOM', '\uFEFFname,note\n"Doe, J","said ""hi"""\n', { rows: [{ name: 'Doe, J', note: 'said "hi"' }] }],
    ['a row with a missing field', 'a,b\n1,2\n3\n', { problem: 'users.csv:3: ' }],
    ['an unclosed quote', 'a,b\n1,"2\n', { problem: 'users.csv:2: ' }],
    ['no data rows', 'a,b\n', { problem: 'users.csv:1: no data rows' }],
  ])('%s', (_name, text, wanted) => {
    const parsed = parseCsvRows(text, 'users.csv');
    if ('rows' in wanted) expect(parsed).toEqual(wanted);
    else expect('problem' in parsed && parsed.problem.startsWith(wanted.problem)).toBe(true);
  });

  it.each([
    ['a header naming a field twice', 'email,email\na,b\n', 'users.csv:1: the header names "email" twice (a row would keep only the last)'],
    ['a header with a blank name', ',password\na,b\n', 'users.csv:1: column 1 of the header has no name'],
    ['a header separated by semicolons', 'email;password\na;b\n', 'users.csv:1: the header is one column, "email;password": fields are separated by commas (,)'],
    ['a row with an extra field', 'a,b\n1,2\n1,2,3\n', 'users.csv:3: a row of 3 fields, but the header has 2'],
  ])('exactly: %s', (_name, text, problem) => {
    expect(parseCsvRows(text, 'users.csv')).toEqual({ problem });
  });

  it('JSON: an array of objects, else a problem with the line', () => {
    expect(parseJsonRows('[{"q":"smith"}]', 't.json')).toEqual({ rows: [{ q: 'smith' }] });
    expect(parseJsonRows('[\n{"q": 1},\n{oops}]', 't.json')).toMatchObject({ problem: expect.stringMatching(/^t\.json:3: not valid JSON/) });
    expect(parseJsonRows('{"q":1}', 't.json')).toMatchObject({ problem: 't.json:1: expected a non-empty array of rows (objects)' });
  });

  it('rows are frozen: shared read-only by every VU', () => {
    const parsed = parseCsvRows('a\n1\n', 'f.csv');
    expect('rows' in parsed && Object.isFrozen(parsed.rows[0])).toBe(true);
  });

  it('csv() and json() resolve relative paths against the module that declared them', () => {
    expect(csv('data/users.csv').declaredIn).toBe(new URL(import.meta.url).pathname);
    expect(json('t.json', { mode: 'random' })).toMatchObject({ kind: 'feeder', format: 'json', mode: 'random', exhausted: 'stop' });
  });
});

describe('modes', () => {
  it('sequential: by global iteration index, wrapping around', () => {
    const table = new FeederTable('users', loaded(3), 1, null);
    expect([0, 1, 2, 3, 7].map((i) => (table.take(i) as { id: string }).id)).toEqual(['0', '1', '2', '0', '1']);
  });

  it('random: seeded, the same row for the same iteration and seed', () => {
    const a = new FeederTable('users', loaded(100, { mode: 'random' }), 42, null);
    const b = new FeederTable('users', loaded(100, { mode: 'random' }), 42, null);
    const picks = Array.from({ length: 50 }, (_, i) => a.take(i));
    expect(Array.from({ length: 50 }, (_, i) => b.take(i))).toEqual(picks);
    expect(new Set(picks.map((r) => (r as { id: string }).id)).size).toBeGreaterThan(20);
  });

  it('unique: each row once; shards take rows k, k+n, … so their union uses each row at most once', () => {
    const rows = loaded(10, { mode: 'unique' });
    const shards = [0, 1, 2].map((index) => new FeederTable('users', rows, 1, { index, total: 3 }));
    const taken = shards.map((t) => {
      const ids: string[] = [];
      for (let row = t.take(0); row; row = t.take(0)) ids.push((row as { id: string }).id);
      return ids;
    });
    expect(taken).toEqual([['0', '3', '6', '9'], ['1', '4', '7'], ['2', '5', '8']]);
  });
});

describe('vu.data', () => {
  function vuWith(feeders: FeederTable[], iteration: Parameters<typeof defineScenario>[0]['iteration']) {
    const host = new FakeHost();
    const runtime = new ScenarioRuntime(defineScenario({ name: 'fed', iteration }), null, feeders);
    const outcomes: string[] = [];
    const vu = new ScenarioVu(0, { iterationDone: (_d, outcome) => outcomes.push(outcome) }, host, () => runtime);
    return { host, vu, outcomes };
  }

  it('one row per iteration, the same on every read; a unique feeder that runs out stops the run', async () => {
    const table = new FeederTable('users', loaded(2, { mode: 'unique' }), 1, null);
    const seen: string[] = [];
    const { host, vu, outcomes } = vuWith([table], async (vu) => {
      const a = (vu.data.users as { id: string }).id;
      seen.push(a, (vu.data.users as { id: string }).id);
    });
    for (let i = 0; i < 3; i++) {
      vu.begin(0, i);
      await settle();
    }
    expect(seen).toEqual(['0', '0', '1', '1']);
    expect(outcomes).toEqual(['completed', 'completed', 'interrupted']);
    expect(host.stopReasons).toEqual(['data feeder "users" exhausted']);
    expect(host.warnings[0]).toMatch(/data feeder "users" \(users\.csv\) has no unique row left: all 2 were used; the run stopped/);
  });

  it("exhausted: 'fail' fails the iterations that need a row, and the run goes on", async () => {
    const table = new FeederTable('users', loaded(1, { mode: 'unique', exhausted: 'fail' }), 1, null);
    const { host, vu, outcomes } = vuWith([table], async (vu) => void vu.data.users);
    for (let i = 0; i < 3; i++) {
      vu.begin(0, i);
      await settle();
    }
    expect(outcomes).toEqual(['completed', 'failed', 'failed']);
    expect(host.stopReasons).toEqual([]);
  });
});
