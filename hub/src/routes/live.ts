// Live changes over a WebSocket. The console sends {type:'hello', token, cursor} first (browsers cannot set
// headers on a WebSocket, and a token in the address would end up in logs); the hub answers 'ready' and
// then sends every feed entry after the cursor, as they are committed.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { liveClientMessageSchema, type FeedEntry, type LiveServerMessage } from '../../../src/contracts';
import { findSession } from '../auth/sessions';
import type { HubContext } from '../context';
import { feedHead } from '../records/feed';

/** A socket with more than this waiting to be sent is dropped; the console then catches up by pulling. */
const SEND_BUFFER_MAX = 8 * 1024 * 1024;
const HELLO_TIMEOUT_MS = 10_000;
const SESSION_CHECK_MS = 60_000;

export const CLOSE = { unauthenticated: 4401, badHello: 4400, slow: 4408, stopping: 1001 } as const;

function sendJson(ws: WebSocket, msg: LiveServerMessage): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  ws.send(JSON.stringify(msg));
  return ws.bufferedAmount <= SEND_BUFFER_MAX;
}

function refuse(ws: WebSocket, code: number, message: string): void {
  sendJson(ws, { type: 'error', code: code === CLOSE.unauthenticated ? 401 : 400, message });
  ws.close(code, message.slice(0, 120));
}

export function liveRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/api/live', { websocket: true }, (ws) => {
    let unsubscribe: (() => void) | undefined;
    let sessionTimer: ReturnType<typeof setInterval> | undefined;
    const helloTimer = setTimeout(() => refuse(ws, CLOSE.badHello, 'no hello within 10 s'), HELLO_TIMEOUT_MS);
    let greeted = false;
    ws.on('close', () => {
      clearTimeout(helloTimer);
      if (sessionTimer) clearInterval(sessionTimer);
      unsubscribe?.();
    });
    ws.on('message', (raw) => {
      if (greeted) return; // the console sends nothing after its hello
      greeted = true;
      clearTimeout(helloTimer);
      void (async () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(raw));
        } catch {
          return refuse(ws, CLOSE.badHello, 'the first message must be JSON {type:"hello", token, cursor}');
        }
        const hello = liveClientMessageSchema.safeParse(parsed);
        if (!hello.success) return refuse(ws, CLOSE.badHello, 'the first message must be {type:"hello", token, cursor}');
        const session = await findSession(ctx.db, hello.data.token, ctx.config.now());
        if (!session) return refuse(ws, CLOSE.unauthenticated, 'the session has expired or was ended; sign in again');
        if (ws.readyState !== ws.OPEN) return;
        const site = session.user.site;
        sendJson(ws, { type: 'ready', head: await feedHead(ctx.db, site) });
        const sub = {
          cursor: hello.data.cursor,
          send: (entries: FeedEntry[], head: number) => sendJson(ws, { type: 'changes', entries, head }),
          drop: (reason: string) => {
            if (ws.readyState === ws.OPEN) ws.close(reason.includes('not reading') ? CLOSE.slow : CLOSE.stopping, reason.slice(0, 120));
          },
        };
        unsubscribe = await ctx.fanout.subscribe(site, sub);
        if (ws.readyState !== ws.OPEN) unsubscribe();
        sessionTimer = setInterval(() => {
          findSession(ctx.db, hello.data.token, ctx.config.now())
            .then((s) => {
              if (!s) refuse(ws, CLOSE.unauthenticated, 'the session has expired; sign in again');
            })
            .catch(() => {});
        }, SESSION_CHECK_MS);
        sessionTimer.unref?.();
      })().catch((err: Error) => {
        ctx.config.log(`live: ${err.message}`);
        if (ws.readyState === ws.OPEN) ws.close(1011, 'hub error; reconnect');
      });
    });
  });
}
