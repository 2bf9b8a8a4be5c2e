/**
 * Checks of the target before the first request: a host that does not resolve, or an HTTPS
 * certificate that is not trusted, is bad input (exit 2) rather than 10,000 identical failures.
 * A target that refuses connections is not: that is a fault the run counts (the server may be late).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { PlanTarget } from '../config/plan.js';
import { ConfigError } from '../errors.js';

const TLS_CHECK_TIMEOUT_MS = 5_000;

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
