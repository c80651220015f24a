import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { leaseBreakSchema, leaseRequestSchema } from '../../../src/contracts';
import type { HubContext } from '../context';
import { acquireLease, breakLease, listLeases, releaseLease, type LeaseAnswer } from '../leases';
import { parseBody, signedIn } from './http';

const robot = z.object({ robotId: z.string().min(1).max(400) });

export function leaseRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, config } = ctx;
  const answer = (res: { code(n: number): { send(b: unknown): unknown } }, a: LeaseAnswer) =>
    a.ok
      ? res.code(200).send({ lease: a.lease })
      : res.code(a.status).send({ error: a.status === 409 ? 'conflict' : 'not-found', message: a.message, current: a.current });

  app.get('/api/leases', async (req) => {
    const s = await signedIn(ctx, req, 'read', 'read leases');
    return { leases: await listLeases(db, s.user.site, config.now()) };
  });

  for (const action of ['acquire', 'renew'] as const) {
    app.post(`/api/leases/${action}`, async (req, res) => {
      const s = await signedIn(ctx, req, 'lease.hold', 'hold control of robots');
      const body = parseBody(leaseRequestSchema.extend(robot.shape), req.body, `the lease ${action}`);
      const ttl = body.ttlMs ?? config.lease.defaultTtlMs;
      return answer(res, await acquireLease(db, s.user, body.consoleId, body.robotId, ttl, config.now(), action === 'renew'));
    });
  }

  app.post('/api/leases/release', async (req, res) => {
    const s = await signedIn(ctx, req, 'lease.hold', 'hold control of robots');
    const body = parseBody(leaseRequestSchema.extend(robot.shape), req.body, 'the lease release');
    return answer(res, await releaseLease(db, s.user, body.consoleId, body.robotId, config.now()));
  });

  app.post('/api/leases/break', async (req, res) => {
    const s = await signedIn(ctx, req, 'lease.break', "break another person's control of a robot");
    const body = parseBody(
      leaseBreakSchema.extend(robot.shape).extend({ consoleId: leaseRequestSchema.shape.consoleId }),
      req.body,
      'the lease break',
    );
    return answer(res, await breakLease(db, s.user, body.consoleId, body.robotId, body.reason, config.now()));
  });
}
