/** `crmload demo-server`: starts the built-in demo CRM API in this process and says where it listens. */
import { createDemoServer, DEMO_LOGIN, DemoConfigError, parseDemoOptions, type RawDemoOptions } from '../demo/index.js';
import { ConfigError } from '../errors.js';

/** A started demo server, as the command hands it to the caller (who owns signals and shutdown). */
export interface RunningDemoServer {
  url: string;
  close(): Promise<void>;
}

/** Lines that tell a user where the server is and how to log in. */
export function describeDemoServer(url: string): string[] {
  return [
    `crmload demo server listening on ${url}`,
    `demo login: POST ${url}/api/auth/login {"email":"${DEMO_LOGIN.email}","password":"${DEMO_LOGIN.password}"}`,
  ];
}

/**
 * Parses the raw options (commander's values; `--no-indexes` arrives as `indexes: false`), starts the
 * server and prints its URL and the demo login. Throws ConfigError listing every bad option.
 */
export async function demoServerCommand(
  raw: Record<string, string | boolean | undefined>,
  io: { stdout: (s: string) => void },
): Promise<RunningDemoServer> {
  const server = await createDemoServer(toDemoOptions(raw));
  for (const line of describeDemoServer(server.url)) io.stdout(`${line}\n`);
  return { url: server.url, close: () => server.close() };
}

/** DemoOptions from raw values, with DemoConfigError turned into the CLI's ConfigError. */
export function toDemoOptions(raw: Record<string, string | boolean | undefined>): ReturnType<typeof parseDemoOptions> {
  const known: RawDemoOptions = {
    host: raw.host, port: raw.port, seed: raw.seed, size: raw.size, cache: raw.cache, indexes: raw.indexes,
    rateLimit: raw.rateLimit, latency: raw.latency, errorRate: raw.errorRate, stall: raw.stall,
  };
  try {
    return parseDemoOptions(known);
  } catch (error) {
    if (error instanceof DemoConfigError) throw new ConfigError(error.issues, { cause: error });
    throw error;
  }
}
