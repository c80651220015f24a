import { newUserSchema, type HubUser, type Role } from '../../../src/contracts';
import type { Queryable } from '../db/types';
import { hashPassword, type ScryptParams } from './passwords';

export interface UserRow {
  username: string;
  site: string;
  role: Role;
  display_name: string;
  password_hash: string;
  disabled: boolean;
}

export const toUser = (r: UserRow): HubUser => ({ username: r.username, role: r.role, site: r.site, displayName: r.display_name });

export class UserExistsError extends Error {}

export async function createUser(
  q: Queryable,
  input: { username: string; password: string; role: Role; displayName?: string },
  site: string,
  scrypt: ScryptParams,
  now: number,
): Promise<HubUser> {
  const u = newUserSchema.parse(input);
  const hash = await hashPassword(u.password, scrypt);
  const r = await q.query<UserRow>(
    `insert into users (username, site, role, display_name, password_hash, created_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (username) do nothing returning username, site, role, display_name, password_hash, disabled`,
    [u.username, site, u.role, u.displayName ?? '', hash, now],
  );
  if (!r.rows[0]) throw new UserExistsError(`a user named "${u.username}" already exists`);
  return toUser(r.rows[0]);
}

export async function findUser(q: Queryable, username: string): Promise<UserRow | undefined> {
  const r = await q.query<UserRow>('select username, site, role, display_name, password_hash, disabled from users where username = $1', [
    username,
  ]);
  return r.rows[0];
}

export async function listUsers(q: Queryable, site: string): Promise<HubUser[]> {
  const r = await q.query<UserRow>(
    'select username, site, role, display_name, password_hash, disabled from users where site = $1 and not disabled order by username',
    [site],
  );
  return r.rows.map(toUser);
}

export async function countUsers(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>('select count(*)::int as n from users');
  return r.rows[0]?.n ?? 0;
}
