/**
 * Every way a request can fail, as a value (DESIGN §3). `interrupted` is counted apart from `failed`:
 * the run ended while the request was in flight. `invalid` (the scenario built a request that cannot
 * be sent: an unknown option, a path with an undefined segment…) and `origin` (an origin the run was
 * not pointed at) are refused before sending: counted, never sent.
 */
export const ERROR_KINDS = [
  'timeout',
  'connect',
  'reset',
  'dns',
  'tls',
  'http4xx',
  'http5xx',
  'throttled',
  'check',
  'capture',
  'protocol',
  'invalid',
  'origin',
  'interrupted',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Kinds that count against availability: the server (or the path to it) failed, not the client's request. */
export const UNAVAILABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'timeout',
  'connect',
  'reset',
  'dns',
  'tls',
  'http5xx',
  'throttled',
  'protocol',
]);

export const ERROR_KIND_INDEX: Readonly<Record<ErrorKind, number>> = Object.fromEntries(
  ERROR_KINDS.map((k, i) => [k, i]),
) as Record<ErrorKind, number>;

/** Kinds of requests refused before sending: no bytes, no latency. */
export const REFUSED_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['invalid', 'origin']);
