/** One line for a server that cannot listen (`--metrics-port`, `demo-server --port`): which option to change, and why. Pure. */

/** The options that chose the port and the address, as the user typed them. */
export interface ListenFlags {
  port: string;
  host: string;
}

export function describeListenError(flags: ListenFlags, host: string, port: number, error: NodeJS.ErrnoException): string {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${flags.port} ${port}: ${where} is already in use; choose another port (or 0 for any free port)`;
    case 'EACCES':
      return `${flags.port} ${port}: not allowed to listen on ${where} (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${flags.host} ${host}: not an address of this machine (${error.code})`;
    default:
      return `${flags.port} ${port}: cannot listen on ${where} (${error.code ?? error.message})`;
  }
}
