/** Stateless bearer tokens: `<userId>.<hmac>`, signed with a secret that lives as long as the server. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie a browser-style login (POST /api/auth/session) sets. */
export const SESSION_COOKIE = 'crm_session';

/** Issues and checks bearer tokens; nothing is stored per login, so memory stays flat under load. */
export class TokenSigner {
  private readonly secret = randomBytes(32);

  /** A token for a user. */
  sign(userId: number): string {
    return `${userId}.${this.mac(String(userId))}`;
  }

  /** The user id a token was signed for, or undefined if it is malformed or forged. */
  verify(token: string): number | undefined {
    const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return undefined;
    const expected = Buffer.from(this.mac(match[1]));
    const given = Buffer.from(match[2]);
    return timingSafeEqual(expected, given) ? Number(match[1]) : undefined;
  }

  /** The user id of an `Authorization: Bearer <token>` header value, or undefined. */
  verifyHeader(header: string | undefined): number | undefined {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    return match ? this.verify(match[1]) : undefined;
  }

  /** The user id of a `Cookie` header's session cookie (`crm_session`), or undefined. */
  verifyCookie(header: string | undefined): number | undefined {
    const match = header ? new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;\\s]+)`).exec(header) : null;
    return match ? this.verify(match[1]) : undefined;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
