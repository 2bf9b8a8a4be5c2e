/**
 * Checks of the target before the first request: a host that does not resolve, or an HTTPS
 * certificate that is not trusted, is bad input (exit 2) rather than 10,000 identical failures.
 * A target that refuses connections is not: that is a fault the run counts (the server may be late).
 */
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { PlanTarget } from '../config/plan.js';
import { ConfigError } from '../errors.js';

const TLS_CHECK_TIMEOUT_MS = 5_000;

/** File descriptors kept free beside the sockets: reports, the demo child's pipes, stdio. */
const SPARE_FDS = 32;

/** Sockets need file descriptors: refuse a connection count the open-file limit cannot hold. */
export function checkFileLimit(connections: number, originCount = 1): void {
  const limit = openFileLimit();
  const needed = connections * originCount + SPARE_FDS;
  if (limit !== null && needed > limit) {
    throw new ConfigError(`${connections} connections (--connections; by default one per VU) need at least ${needed} file descriptors, but the open-file limit is ${limit}: raise it with ulimit -n, or use fewer connections`);
  }
}

/** The soft open-file limit (Linux), or null when it cannot be read. */
function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

export async function preflight(target: PlanTarget, tls: { verify: boolean; ca?: Buffer }): Promise<void> {
  const url = new URL(target.origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host) && host !== 'localhost') {
    try {
      await lookup(host);
    } catch {
      throw new ConfigError(`cannot resolve host "${host}"`);
    }
  }
  if (url.protocol === 'https:' && tls.verify) await checkCertificate(host, Number(url.port || 443), tls.ca);
}

function checkCertificate(host: string, port: number, ca?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: true, ...(ca ? { ca } : {}) });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(TLS_CHECK_TIMEOUT_MS, () => done());
    socket.once('secureConnect', () => done());
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME/.test(code)) {
        done(new ConfigError(`TLS: the certificate of ${host}:${port} is not trusted (${code}); trust its CA with --ca FILE, or skip verification with --insecure`));
      } else done(); // refused, reset…: counted during the run, not a reason to refuse to start
    });
  });
}
