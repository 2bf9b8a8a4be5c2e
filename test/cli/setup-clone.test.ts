/** --workers: a setup() result with a class instance would lose its methods in the workers (structured clone keeps no prototype). */
import { describe, expect, it } from 'vitest';
import { classInstanceIn } from '../../src/cli/workers/setup.js';

class Client {
  constructor(readonly token: string) {}
  header(): string {
    return `Bearer ${this.token}`;
  }
}

describe('classInstanceIn', () => {
  it('finds a class instance, nested in objects, arrays, Maps and Sets, and names where', () => {
    expect(classInstanceIn(new Client('t'), 'the result')).toBe('the result is an instance of Client, whose methods would be lost');
    expect(classInstanceIn({ users: [{ a: 1 }, { api: new Client('t') }] }, 'the result')).toBe('the result.users.1.api is an instance of Client, whose methods would be lost');
    expect(classInstanceIn(new Map([['k', new Set([new Client('t')])]]), 'the result')).toBe('the result.k.0 is an instance of Client, whose methods would be lost');
  });

  it('passes plain data and what structured clone keeps as it is', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const value of [null, 1, 'x', { a: [1, 'b', null] }, new Date(), /x/, new Map([['a', 1]]), new Set([1]), new Uint8Array(2), new ArrayBuffer(2), new Error('e'), Object.create(null), cyclic]) {
      expect(classInstanceIn(value, 'the result')).toBeNull();
    }
  });

  it('walks data nested deeper than the call stack allows', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    expect(classInstanceIn(deep, 'the result')).toBeNull();
  });
});
