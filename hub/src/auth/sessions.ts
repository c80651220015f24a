// Sessions: an opaque random token for the console, its SHA-256 in the database. A session lasts `idleMs`
// from its last renewal and never past `maxMs` from sign-in, so a stolen token stops working on its own.
import { createHash, randomBytes } from 'node:crypto';
import type { HubUser } from '../../../src/contracts';
import type { Queryable } from '../db/types';
import { toUser, type UserRow } from './users';

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(
  q: Queryable,
  username: string,
  policy: SessionPolicy,
  now: number,
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + Math.min(policy.idleMs, policy.maxMs);
  await q.query('insert into sessions (token_hash, username, created_at, expires_at, max_expires_at) values ($1, $2, $3, $4, $5)', [
    tokenHash(token),
    username,
    now,
    expiresAt,
    now + policy.maxMs,
  ]);
  // Expired rows are swept here rather than by a timer: sign-ins are rare and this keeps the table small.
  await q.query('delete from sessions where max_expires_at < $1 or expires_at < $2', [now, now - policy.maxMs]);
  return { token, expiresAt };
}

export interface ActiveSession {
  user: HubUser;
  tokenHash: string;
  expiresAt: number;
}

export async function findSession(q: Queryable, token: string, now: number): Promise<ActiveSession | undefined> {
  if (token.length < 20 || token.length > 200) return undefined;
  const h = tokenHash(token);
  const r = await q.query<UserRow & { expires_at: number }>(
    `select u.username, u.site, u.role, u.display_name, u.password_hash, u.disabled, s.expires_at
       from sessions s join users u on u.username = s.username
      where s.token_hash = $1 and s.expires_at > $2 and not u.disabled`,
    [h, now],
  );
  const row = r.rows[0];
  return row ? { user: toUser(row), tokenHash: h, expiresAt: row.expires_at } : undefined;
}

/** Moves the expiry to now + idleMs (capped by the session's maximum). */
export async function renewSession(q: Queryable, hash: string, policy: SessionPolicy, now: number): Promise<number | undefined> {
  const r = await q.query<{ expires_at: number }>(
    'update sessions set expires_at = least(max_expires_at, $2::bigint) where token_hash = $1 and expires_at > $3 returning expires_at',
    [hash, now + policy.idleMs, now],
  );
  return r.rows[0]?.expires_at;
}

export async function endSession(q: Queryable, hash: string): Promise<void> {
  await q.query('delete from sessions where token_hash = $1', [hash]);
}
