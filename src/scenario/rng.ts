/** Seeded random numbers (sfc32): deterministic per seed, never Math.random. */
import type { Random } from './types.js';

/** Mix two integers into a 32-bit seed (for per-VU and per-shard seeds). */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class SeededRandom implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('random.pick: empty list');
    return items[Math.floor(this.next() * items.length)];
  }
}

/** Pick an index by weight (weights > 0). */
export function pickWeighted(random: Random, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1];
  const x = random.next() * total;
  for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return i;
  return cumulative.length - 1;
}
