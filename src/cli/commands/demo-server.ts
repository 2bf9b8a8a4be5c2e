/** `crmload demo-server`: the built-in demo CRM API in this process, until SIGINT or SIGTERM. */
import { createDemoServer, DEMO_LOGIN, DemoConfigError, parseDemoOptions, type DemoOptions, type RawDemoOptions } from '../../demo/index.js';
import { ConfigError } from '../../errors.js';
import { describeListenError } from '../../listen-errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../io.js';

/** A started demo server, as {@link startDemoServer} hands it to the caller (who owns signals and shutdown). */
export interface RunningDemoServer {
  url: string;
  close(): Promise<void>;
}

/** Start the server, say where it listens, serve until SIGINT or SIGTERM, then close it. */
export async function demoServerCommand(options: RawDemoOptions, io: CliIo): Promise<number> {
  const server = await startDemoServer(options, { stdout: (s) => io.stdout.write(s) });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return ExitCode.ok;
}

/** Lines that tell a user where the server is and how to log in. */
export function describeDemoServer(url: string): string[] {
  return [
    `crmload demo server listening on ${url}`,
    `demo login: POST ${url}/api/auth/login {"email":"${DEMO_LOGIN.email}","password":"${DEMO_LOGIN.password}"}`,
  ];
}

/**
 * Parses the raw options (commander's values from the DEMO_FLAGS table; `--no-indexes` arrives as
 * `indexes: false`), starts the server and prints its URL and the demo login.
 * @throws ConfigError listing every bad option
 */
export async function startDemoServer(raw: RawDemoOptions, io: { stdout: (s: string) => void }): Promise<RunningDemoServer> {
  const options = toDemoOptions(raw);
  const server = await createDemoServer(options).catch((error: unknown) => {
    throw bindProblem(options.host ?? '127.0.0.1', options.port ?? 0, error);
  });
  for (const line of describeDemoServer(server.url)) io.stdout(`${line}\n`);
  return { url: server.url, close: () => server.close() };
}

/** A port or address the server cannot listen on is bad input (one line, exit 2); anything else stays what it is. */
function bindProblem(host: string, port: number, error: unknown): unknown {
  const syscall = (error as NodeJS.ErrnoException | null)?.syscall;
  if (syscall !== 'listen' && syscall !== 'getaddrinfo') return error;
  return new ConfigError(describeListenError({ port: '--port', host: '--host' }, host, port, error as NodeJS.ErrnoException), { cause: error });
}

/** DemoOptions from raw values, with DemoConfigError turned into the CLI's ConfigError. */
export function toDemoOptions(raw: RawDemoOptions): DemoOptions {
  try {
    return parseDemoOptions(raw);
  } catch (error) {
    if (error instanceof DemoConfigError) throw new ConfigError(error.issues, { cause: error });
    throw error;
  }
}
