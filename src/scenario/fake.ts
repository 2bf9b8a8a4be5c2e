/**
 * Seeded faker instances (English only). Loaded on demand: the full faker package with every
 * locale costs ~40 MB of memory, the English one a fraction, and quick mode needs none.
 */
import type { Faker } from '@faker-js/faker';

export type FakerFactory = (seed: number) => Faker;

export async function loadFakerFactory(): Promise<FakerFactory> {
  const { faker } = await import('@faker-js/faker/locale/en');
  // The locale module exports one instance; its class gives each VU an independent, seeded one.
  const FakerClass = faker.constructor as new (options: { locale: unknown[] }) => Faker;
  return (seed) => {
    const instance = new FakerClass({ locale: [faker.rawDefinitions] });
    instance.seed(seed);
    return instance;
  };
}
