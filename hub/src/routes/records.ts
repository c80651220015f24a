import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pushRequestSchema, recordIdSchema, taskChangeSchema, type PullResponse } from '../../../src/contracts';
import type { HubContext } from '../context';
import { feedHead, feedRemaining, readFeed } from '../records/feed';
import { getIncident, incidentHistory } from '../records/incidents';
import { push } from '../records/push';
import { getTask } from '../records/tasks';
import { HttpError, parseBody, signedIn } from './http';

const pullQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export function recordRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, config } = ctx;

  app.post('/api/push', async (req, res) => {
    const s = await signedIn(ctx, req, 'read', 'push');
    const body = parseBody(pushRequestSchema, req.body, 'the push');
    const out = await push(db, s.user, body, config.now());
    const { allForbidden, ...answer } = out;
    return res
      .code(allForbidden ? 403 : 200)
      .send(allForbidden ? { error: 'forbidden', message: answer.results[0]?.message ?? 'forbidden', ...answer } : answer);
  });

  app.get('/api/pull', async (req): Promise<PullResponse> => {
    const s = await signedIn(ctx, req, 'read', 'read records');
    const q = parseBody(pullQuery, req.query, 'the pull query');
    const entries = await readFeed(db, s.user.site, q.after, q.limit);
    const cursor = entries.at(-1)?.seq ?? q.after;
    const [head, remaining] = [
      await feedHead(db, s.user.site),
      entries.length < q.limit ? 0 : await feedRemaining(db, s.user.site, cursor),
    ];
    return { entries, cursor, head, remaining };
  });

  // One task change, answered with its own HTTP status: 409 with the hub's task when it lost.
  app.post('/api/tasks/:id/changes', async (req, res) => {
    const s = await signedIn(ctx, req, 'task.write', 'change tasks');
    const id = parseBody(recordIdSchema, (req.params as { id: string }).id, 'the task id');
    const body = parseBody(z.object({ consoleId: recordIdSchema, change: taskChangeSchema }), req.body, 'the task change');
    if (body.change.taskId !== id) throw new HttpError(400, 'invalid', `the change is for task ${body.change.taskId}, not ${id}`);
    const out = await push(db, s.user, { consoleId: body.consoleId, records: [{ kind: 'taskChange', record: body.change }] }, config.now());
    const r = out.results[0]!;
    if (r.status === 'applied' || r.status === 'duplicate') return { result: r, task: await getTask(db, s.user.site, id) };
    const error = r.status === 'conflict' ? 'conflict' : r.status === 'forbidden' ? 'forbidden' : 'not-found';
    return res.code(r.code).send({ error, message: r.message ?? r.status, current: r.current });
  });

  app.get('/api/tasks/:id', async (req) => {
    const s = await signedIn(ctx, req, 'read', 'read tasks');
    const id = parseBody(recordIdSchema, (req.params as { id: string }).id, 'the task id');
    const task = await getTask(db, s.user.site, id);
    if (!task) throw new HttpError(404, 'not-found', `no task ${id}`);
    return { task };
  });

  app.get('/api/incidents/:id', async (req) => {
    const s = await signedIn(ctx, req, 'read', 'read incidents');
    const id = parseBody(recordIdSchema, (req.params as { id: string }).id, 'the incident id');
    const incident = await getIncident(db, s.user.site, id);
    if (!incident) throw new HttpError(404, 'not-found', `no incident ${id}`);
    return { incident, history: await incidentHistory(db, s.user.site, id) };
  });
}
