/**
 * Seeded faker instances (English only), loaded when a VU first reads `vu.fake`: a scenario that
 * never does (and quick mode) never loads faker at all. The English locale costs ~7 MB of memory,
 * the full package with every locale ~40 MB. Loaded synchronously (Node ≥ 20.19 requires ES
 * modules), since `vu.fake` is a plain property.
 */
import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';

export type FakerFactory = (seed: number) => Faker;

const require = createRequire(import.meta.url);

/** A factory that loads faker on its first call. */
export function lazyFakerFactory(): FakerFactory {
  let make: FakerFactory | null = null;
  return (seed) => (make ??= loadFakerFactory())(seed);
}

function loadFakerFactory(): FakerFactory {
  const { faker } = require('@faker-js/faker/locale/en') as { faker: Faker };
  // The locale module exports one instance; its class gives each VU an independent, seeded one.
  const FakerClass = faker.constructor as new (options: { locale: unknown[] }) => Faker;
  return (seed) => {
    const instance = new FakerClass({ locale: [faker.rawDefinitions] });
    instance.seed(seed);
    return instance;
  };
}
