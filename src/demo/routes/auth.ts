/** Login (the only public /api route) and the current user. */
import type { AppRoute } from '../app.js';
import { hashPassword } from '../db/seed.js';
import { HttpError, notFound } from '../http/errors.js';
import { validateBody } from '../http/validate.js';
import { listPage } from './list.js';

const USER = 'id, email, name, role, created_at AS createdAt';

const login: AppRoute = {
  method: 'POST',
  pattern: '/api/auth/login',
  auth: false,
  handle({ app, body }) {
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
    return { body: { token: app.tokens.sign(user.id), tokenType: 'Bearer', userId: user.id } };
  },
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

export const authRoutes: AppRoute[] = [login, me, users];
