// Shared pieces of the HTTP routes: one error shape for every refusal, and the signed-in person.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, type HubUser, type Permission } from '../../../src/contracts';
import { findSession, type ActiveSession } from '../auth/sessions';
import type { HubContext } from '../context';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  throw new HttpError(
    400,
    'invalid',
    `${what} is not valid: ${issues[0] ?? 'unreadable'}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
    { issues },
  );
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer ([\w-]+)$/.exec(h) : null;
  return m?.[1];
}

export async function requireSession(ctx: HubContext, req: FastifyRequest): Promise<ActiveSession> {
  const token = bearer(req);
  if (!token) throw new HttpError(401, 'unauthenticated', 'sign in first (Authorization: Bearer <token>)');
  const s = await findSession(ctx.db, token, ctx.config.now());
  if (!s) throw new HttpError(401, 'unauthenticated', 'the session has expired or was ended; sign in again');
  return s;
}

export function requirePermission(user: HubUser, p: Permission, what: string): void {
  if (!can(user.role, p)) throw new HttpError(403, 'forbidden', `${user.username} (${user.role}) may not ${what}`);
}

export async function signedIn(ctx: HubContext, req: FastifyRequest, p: Permission, what: string): Promise<ActiveSession> {
  const s = await requireSession(ctx, req);
  requirePermission(s.user, p, what);
  return s;
}

export function reply(res: FastifyReply, status: number, body: unknown): FastifyReply {
  return res.code(status).send(body);
}
