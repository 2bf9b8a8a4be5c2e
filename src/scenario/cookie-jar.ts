/**
 * A VU's cookie jar (RFC 6265, the parts a CRM's login needs): cookies from `Set-Cookie` answers are
 * sent back on later requests to a matching host and path; `Secure` ones only over https; `Max-Age`
 * and `Expires` honoured. An empty jar costs one length check per request.
 */
import type { CookieJar } from './types.js';

interface Cookie {
  name: string;
  value: string;
  /** Lower-case host, or domain when `hostOnly` is false. */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  /** Wall-clock expiry (ms), or Infinity for a session cookie. */
  expires: number;
}

const SET_COOKIE = 'set-cookie';

/** Whether an answer's raw headers (undici's flat name/value Buffer list) set a cookie: a VU makes its jar only then. */
export function hasSetCookie(rawHeaders: Buffer[] | null): rawHeaders is Buffer[] {
  if (!rawHeaders) return false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (isSetCookie(rawHeaders[i])) return true;
  return false;
}

function isSetCookie(name: Buffer): boolean {
  return name.length === 10 && (name[0] | 0x20) === 0x73 && name.toString('latin1').toLowerCase() === SET_COOKIE;
}

export class VuCookieJar implements CookieJar {
  private cookies: Cookie[] = [];

  constructor(private readonly defaultOrigin: string) {}

  get size(): number {
    return this.cookies.length;
  }

  /** Store the cookies of an answer's raw headers (undici's flat name/value Buffer list). */
  storeFrom(rawHeaders: Buffer[] | null, origin: string, path: string): void {
    if (!rawHeaders) return;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      if (isSetCookie(rawHeaders[i])) {
        this.store(rawHeaders[i + 1].toString('latin1'), origin, path);
      }
    }
  }

  /** The Cookie header for a request, or null when no cookie matches. */
  header(origin: string, path: string): string | null {
    if (this.cookies.length === 0) return null;
    const url = new URL(origin);
    const now = Date.now();
    let out = '';
    for (const c of this.cookies) {
      if (c.expires <= now || !this.matches(c, url, path)) continue;
      out += (out ? '; ' : '') + `${c.name}=${c.value}`;
    }
    return out || null;
  }

  get(name: string, url?: string): string | undefined {
    const target = new URL(url ?? this.defaultOrigin);
    const now = Date.now();
    return this.cookies.find((c) => c.name === name && c.expires > now && this.matches(c, target, target.pathname))?.value;
  }

  set(name: string, value: string, url?: string): void {
    const target = new URL(url ?? this.defaultOrigin);
    this.put({ name, value, domain: target.hostname.toLowerCase(), hostOnly: true, path: '/', secure: false, expires: Infinity });
  }

  clear(): void {
    this.cookies = [];
  }

  private matches(c: Cookie, url: URL, path: string): boolean {
    const host = url.hostname.toLowerCase();
    if (c.hostOnly ? host !== c.domain : host !== c.domain && !host.endsWith(`.${c.domain}`)) return false;
    if (c.secure && url.protocol !== 'https:') return false;
    const p = path.split('?')[0] || '/';
    return p === c.path || (p.startsWith(c.path) && (c.path.endsWith('/') || p[c.path.length] === '/'));
  }

  private store(header: string, origin: string, requestPath: string): void {
    const [pair, ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const url = new URL(origin);
    const cookie: Cookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      domain: url.hostname.toLowerCase(),
      hostOnly: true,
      path: defaultPath(requestPath),
      secure: false,
      expires: Infinity,
    };
    let maxAge: number | null = null;
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split('=');
      const key = rawKey.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (key === 'path' && value.startsWith('/')) cookie.path = value;
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
      else if (key === 'expires' && maxAge === null) {
        const t = Date.parse(value);
        if (!Number.isNaN(t)) cookie.expires = t;
      } else if (key === 'domain' && value) {
        const domain = value.replace(/^\./, '').toLowerCase();
        const host = cookie.domain;
        if (host !== domain && !host.endsWith(`.${domain}`)) return; // a host may not set cookies for another
        cookie.domain = domain;
        cookie.hostOnly = false;
      }
    }
    if (maxAge !== null) cookie.expires = maxAge <= 0 ? 0 : Date.now() + maxAge * 1000;
    this.put(cookie);
  }

  private put(cookie: Cookie): void {
    this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
    if (cookie.expires > Date.now()) this.cookies.push(cookie);
  }
}

/** RFC 6265 default-path: the request path up to its last `/`. */
function defaultPath(path: string): string {
  const p = path.split('?')[0];
  if (!p.startsWith('/')) return '/';
  const last = p.lastIndexOf('/');
  return last <= 0 ? '/' : p.slice(0, last);
}
