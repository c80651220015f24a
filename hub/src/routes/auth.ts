import type { FastifyInstance } from 'fastify';
import { loginRequestSchema, newUserSchema, type HubSession } from '../../../src/contracts';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { createSession, endSession, renewSession } from '../auth/sessions';
import { UserExistsError, createUser, findUser, listUsers, toUser } from '../auth/users';
import type { HubContext } from '../context';
import { HttpError, parseBody, requireSession, signedIn } from './http';

/** Failed sign-ins per user name in a sliding window; bounded so a flood of names cannot grow it. */
function failureCounter(limit: number, windowMs: number, maxNames = 10_000) {
  const fails = new Map<string, number[]>();
  const recent = (name: string, now: number) => (fails.get(name) ?? []).filter((t) => now - t < windowMs);
  return {
    blocked: (name: string, now: number) => recent(name, now).length >= limit,
    fail(name: string, now: number) {
      if (!fails.has(name) && fails.size >= maxNames) fails.delete(fails.keys().next().value!);
      fails.set(name, [...recent(name, now), now].slice(-limit));
    },
    clear: (name: string) => fails.delete(name),
  };
}

export function authRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, config } = ctx;
  const failures = failureCounter(config.loginFailures, config.loginWindowMs);

  app.post('/api/auth/login', async (req): Promise<HubSession> => {
    const body = parseBody(loginRequestSchema, req.body, 'the sign-in');
    const now = config.now();
    if (failures.blocked(body.username, now))
      throw new HttpError(429, 'too-many-attempts', `too many failed sign-ins for ${body.username}; wait a few minutes`);
    const row = await findUser(db, body.username);
    const ok = await verifyPassword(body.password, row && !row.disabled ? row.password_hash : await dummyHash(config.scrypt));
    if (!row || row.disabled || !ok) {
      failures.fail(body.username, now);
      throw new HttpError(401, 'unauthenticated', 'user name or password is wrong');
    }
    failures.clear(body.username);
    const s = await createSession(db, row.username, config.session, now);
    return { token: s.token, expiresAt: s.expiresAt, user: toUser(row) };
  });

  app.post('/api/auth/renew', async (req): Promise<HubSession> => {
    const s = await requireSession(ctx, req);
    const expiresAt = await renewSession(db, s.tokenHash, config.session, config.now());
    if (expiresAt === undefined) throw new HttpError(401, 'unauthenticated', 'the session has expired; sign in again');
    return { token: req.headers.authorization!.slice('Bearer '.length), expiresAt, user: s.user };
  });

  app.post('/api/auth/logout', async (req) => {
    const s = await requireSession(ctx, req);
    await endSession(db, s.tokenHash);
    return { ok: true };
  });

  app.get('/api/auth/me', async (req) => {
    const s = await requireSession(ctx, req);
    return { user: s.user, expiresAt: s.expiresAt };
  });

  app.get('/api/users', async (req) => {
    const s = await signedIn(ctx, req, 'users.manage', 'list users');
    return { users: await listUsers(db, s.user.site) };
  });

  app.post('/api/users', async (req, res) => {
    const s = await signedIn(ctx, req, 'users.manage', 'create users');
    const body = parseBody(newUserSchema, req.body, 'the new user');
    try {
      const user = await createUser(db, body, s.user.site, config.scrypt, config.now());
      return res.code(201).send({ user });
    } catch (err) {
      if (err instanceof UserExistsError) throw new HttpError(409, 'exists', err.message);
      throw err;
    }
  });
}
