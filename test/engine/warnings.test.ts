import { describe, expect, it } from 'vitest';
import { noteFailure, Warnings } from '../../src/engine/warnings.js';

describe('Warnings: the first failure of each kind, counted honestly', () => {
  it('shown live once; the count says how many steps it spans when more than one', () => {
    const live: string[] = [];
    const warnings = new Warnings((m) => live.push(m));
    for (let i = 0; i < 10; i++) noteFailure(warnings, 'GET /a', 'http5xx', 500, null);
    for (let i = 0; i < 5; i++) noteFailure(warnings, 'GET /b', 'http5xx', 503, null);
    noteFailure(warnings, 'GET /c', 'http5xx', 500, null);
    expect(live).toEqual(['first http5xx error: GET /a: HTTP 500']);
    expect(warnings.all()).toEqual(['first http5xx error: GET /a: HTTP 500 (×16 in 3 steps)']);
  });

  it('a kind seen in one step only keeps the plain count', () => {
    const warnings = new Warnings();
    for (let i = 0; i < 3; i++) noteFailure(warnings, 'POST /leads', 'timeout', 0, new Error('request deadline exceeded'));
    noteFailure(warnings, 'GET /x', 'interrupted', 0, null);
    expect(warnings.all()).toEqual(['first timeout error: POST /leads: request deadline exceeded (×3)']);
  });
});
