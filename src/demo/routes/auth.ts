/** Login (the only public /api route) and the current user. */
import type { App, AppRoute } from '../app.js';
import type { Reply } from '../http/router.js';
import { SESSION_COOKIE } from '../auth.js';
import { hashPassword } from '../db/seed.js';
import { HttpError, notFound } from '../http/errors.js';
import { validateBody } from '../http/validate.js';
import { listPage } from './list.js';

const USER = 'id, email, name, role, created_at AS createdAt';

/** The user whose email and password are in `body`; a 401 otherwise. */
function checkCredentials(app: App, body: unknown): number {
  const { email, password } = validateBody(body, {
    email: { type: 'string', required: true },
    password: { type: 'string', required: true },
  }, 'create') as { email: string; password: string };
  const user = app.db.get<{ id: number; password_hash: string }>(
    'SELECT id, password_hash FROM users WHERE email = ?', [email.trim().toLowerCase()],
  );
  if (!user || user.password_hash !== hashPassword(password)) {
    throw new HttpError(401, 'invalid_credentials', 'wrong email or password');
  }
  return user.id;
}

const login: AppRoute = {
  method: 'POST',
  pattern: '/api/auth/login',
  auth: false,
  handle({ app, body }) {
    const userId = checkCredentials(app, body);
    return { body: { token: app.tokens.sign(userId), tokenType: 'Bearer', userId } };
  },
};

/**
 * A browser-style login: JSON or a form with email and password; the session is a cookie. With
 * `?next=/path` (a path on this server) it answers 303 See Other to that path, as a login form does.
 */
const session: AppRoute = {
  method: 'POST',
  pattern: '/api/auth/session',
  auth: false,
  handle({ app, body, query }): Reply {
    const userId = checkCredentials(app, body);
    const cookie = `${SESSION_COOKIE}=${app.tokens.sign(userId)}; Path=/; HttpOnly; SameSite=Lax`;
    const next = query.get('next');
    if (next && next.startsWith('/') && !next.startsWith('//')) return { status: 303, headers: { 'set-cookie': cookie, location: next } };
    return { body: { userId }, headers: { 'set-cookie': cookie } };
  },
};

/** Log out: the session cookie is cleared. */
const logout: AppRoute = {
  method: 'DELETE',
  pattern: '/api/auth/session',
  handle: () => ({ status: 204, headers: { 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` } }),
};

const me: AppRoute = {
  method: 'GET',
  pattern: '/api/me',
  handle({ app, userId }) {
    const user = app.db.get(`SELECT ${USER} FROM users WHERE id = ?`, [userId]);
    if (!user) throw notFound('user', userId);
    return { body: user };
  },
};

const users: AppRoute = {
  method: 'GET',
  pattern: '/api/users',
  reads: ['users'],
  handle: ({ app, query }) => ({ body: listPage(app.db, USER, 'users', [], query) }),
};

export const authRoutes: AppRoute[] = [login, session, logout, me, users];
