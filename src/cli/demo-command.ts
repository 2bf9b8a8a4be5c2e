/** `crmload demo-server`: run the demo CRM API in this process until SIGINT/SIGTERM. */
import { ExitCode } from '../exit-codes.js';
import { demoServerCommand } from './demo-server.js';
import type { CliIo } from './io.js';

export async function demoCommand(options: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const server = await demoServerCommand(options, { stdout: (s) => io.stdout.write(s) });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return ExitCode.ok;
}
