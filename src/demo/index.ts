/** The built-in demo CRM API (DESIGN §8). Imports nothing from the rest of crmload. */
export { createDemoServer, type DemoServer } from './server.js';
export {
  DemoConfigError, parseDemoOptions, parseDurationMs, DEMO_SIZES,
  type DemoOptions, type DemoSize, type RawDemoOptions,
} from './options.js';
export { DEMO_FLAGS, demoArgs, flagSyntax, parseDemoArgs, type DemoFlag } from './flags.js';
export { DEMO_LOGIN, SEED_COUNTS, type SeedCounts } from './db/seed.js';
