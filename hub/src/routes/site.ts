import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordIdSchema } from '../../../src/contracts';
import type { HubContext } from '../context';
import { recordsInWindow } from '../figures/queries';
import { siteFigures } from '../figures/siteFigures';
import { appendFeed, lockSite, notifyFeed } from '../records/feed';
import { HttpError, parseBody, signedIn } from './http';

// The hub keeps the site profile as the console's JSON document; the console validates its content.
const profilePut = z.object({ consoleId: recordIdSchema, profile: z.record(z.string(), z.unknown()) });
const windowQuery = z
  .object({ from: z.coerce.number().int().nonnegative(), to: z.coerce.number().int().nonnegative() })
  .refine((w) => w.to > w.from, { message: 'to is after from' });
/** Figures are for shifts and days: a month at most, so one request cannot scan a site's whole history. */
const FIGURES_MAX_MS = 31 * 86_400_000;
const figuresQuery = windowQuery.refine((w) => w.to - w.from <= FIGURES_MAX_MS, { message: 'the window is at most 31 days' });

export function siteRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, config } = ctx;

  app.get('/api/health', async () => ({ ok: true, site: config.site, database: db.kind }));

  app.get('/api/site-profile', async (req) => {
    const s = await signedIn(ctx, req, 'read', 'read the site profile');
    const r = await db.query<{ version: number; body: unknown; by_user: string; updated_at: number }>(
      'select version, body, by_user, updated_at from site_profiles where site = $1',
      [s.user.site],
    );
    const row = r.rows[0];
    if (!row) throw new HttpError(404, 'not-found', `no site profile for ${s.user.site} yet`);
    return { version: row.version, profile: row.body, by: row.by_user, updatedAt: row.updated_at };
  });

  app.put('/api/site-profile', async (req) => {
    const s = await signedIn(ctx, req, 'siteProfile.import', 'import a site profile');
    const body = parseBody(profilePut, req.body, 'the site profile');
    const now = config.now();
    const version = await db.tx(async (q) => {
      await lockSite(q, s.user.site);
      const r = await q.query<{ version: number }>(
        `insert into site_profiles (site, version, body, by_user, updated_at) values ($1, 1, $2::jsonb, $3, $4)
         on conflict (site) do update set version = site_profiles.version + 1, body = excluded.body, by_user = excluded.by_user, updated_at = excluded.updated_at
         returning version`,
        [s.user.site, JSON.stringify(body.profile), s.user.username, now],
      );
      const v = r.rows[0]!.version;
      const seq = await appendFeed(
        q,
        { site: s.user.site, username: s.user.username, consoleId: body.consoleId, now },
        'siteProfile',
        s.user.site,
        { version: v, profile: body.profile },
      );
      await notifyFeed(q, s.user.site, seq);
      return v;
    });
    return { version };
  });

  app.get('/api/records-window', async (req) => {
    const s = await signedIn(ctx, req, 'read', 'read records');
    const w = parseBody(windowQuery, req.query, 'the window');
    return recordsInWindow(db, s.user.site, w.from, w.to);
  });

  // The service figures per robot, computed in SQL over every console's records of the signed-in person's site.
  app.get('/api/figures', async (req) => {
    const s = await signedIn(ctx, req, 'read', 'read the service figures');
    const w = parseBody(figuresQuery, req.query, 'the window');
    return siteFigures(db, s.user.site, w.from, w.to, config.now());
  });
}
