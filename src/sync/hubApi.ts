// The hub's HTTP API as plain async calls (fetch), with answers parsed by the shared contracts. Failures
// are HubError with a kind the sync loop acts on: retry later, sign in again, or give up on this request.
import { z } from 'zod';
import {
  errorBodySchema,
  leaseSchema,
  pullResponseSchema,
  pushResponseSchema,
  sessionSchema,
  siteFiguresSchema,
  type BlobMeta,
  type HubSession,
  type Lease,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SiteFigures,
} from '../contracts';

export type HubErrorKind =
  'unreachable' | 'unavailable' | 'unauthenticated' | 'forbidden' | 'conflict' | 'invalid' | 'tooLarge' | 'notFound' | 'other';

export class HubError extends Error {
  constructor(
    readonly kind: HubErrorKind,
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'HubError';
  }
  /** Worth trying again later, unchanged. */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'unavailable';
  }
}

function kindOf(status: number): HubErrorKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 413) return 'tooLarge';
  if (status === 400 || status === 415 || status === 422) return 'invalid';
  if (status === 429 || status >= 500) return 'unavailable';
  return 'other';
}

export interface HubApiOptions {
  baseUrl: string;
  token: () => string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type HubApi = ReturnType<typeof createHubApi>;

type HubCall = (
  method: string,
  path: string,
  body?: unknown,
  extra?: { headers?: Record<string, string>; raw?: BodyInit },
) => Promise<Response>;

/** One HTTP request to the hub with the session's token and a timeout; a failure is a HubError in plain words. */
function hubCaller(opts: HubApiOptions, base: string): HubCall {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return async (method, path, body, extra = {}) => {
    const headers: Record<string, string> = { ...extra.headers };
    const token = opts.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: extra.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
        signal: ctl.signal,
      });
    } catch (err) {
      clearTimeout(timer);
      const why = ctl.signal.aborted ? `no answer within ${timeoutMs} ms` : err instanceof Error ? err.message : String(err);
      // A timeout is told apart (body.timedOut): the hub may be slow rather than gone.
      throw new HubError(
        'unreachable',
        0,
        `the hub at ${base} is not reachable (${why})`,
        ctl.signal.aborted ? { timedOut: true } : undefined,
      );
    }
    clearTimeout(timer);
    if (res.ok) return res;
    let parsed: unknown;
    try {
      parsed = await res.json();
    } catch {
      parsed = undefined;
    }
    const eb = errorBodySchema.safeParse(parsed);
    throw new HubError(
      kindOf(res.status),
      res.status,
      eb.success ? eb.data.message : `the hub answered ${res.status} ${res.statusText}`,
      parsed,
    );
  };
}

async function json<T extends z.ZodType>(schema: T, res: Response): Promise<z.infer<T>> {
  const r = schema.safeParse(await res.json());
  if (!r.success)
    throw new HubError('other', res.status, `the hub's answer is not what this console understands: ${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}

const leaseAnswer = z.object({ lease: leaseSchema.nullable() });
const leaseList = z.object({ leases: z.array(leaseSchema) });

export function createHubApi(opts: HubApiOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const call = hubCaller(opts, base);

  return {
    baseUrl: base,
    async login(username: string, password: string): Promise<HubSession> {
      return json(sessionSchema, await call('POST', '/api/auth/login', { username, password }));
    },
    async renew(): Promise<HubSession> {
      return json(sessionSchema, await call('POST', '/api/auth/renew', {}));
    },
    async logout(): Promise<void> {
      await call('POST', '/api/auth/logout', {});
    },
    async push(req: PushRequest): Promise<PushResponse> {
      try {
        return await json(pushResponseSchema, await call('POST', '/api/push', req));
      } catch (err) {
        // Every record was refused for the person's role: the per-record answers are in the body.
        if (err instanceof HubError && err.kind === 'forbidden') {
          const r = pushResponseSchema.safeParse(err.body);
          if (r.success) return r.data;
        }
        throw err;
      }
    },
    async pull(after: number, limit = 500): Promise<PullResponse> {
      return json(pullResponseSchema, await call('GET', `/api/pull?after=${after}&limit=${limit}`));
    },
    /** The site's service figures per robot for [from, to), computed by the hub in SQL over every console's records. */
    async figures(from: number, to: number): Promise<SiteFigures> {
      return json(siteFiguresSchema, await call('GET', `/api/figures?from=${from}&to=${to}`));
    },
    async putBlob(meta: Pick<BlobMeta, 'id' | 'mime' | 'incidentId'>, bytes: Uint8Array, consoleId: string): Promise<{ status: string }> {
      const q = new URLSearchParams({ consoleId, ...(meta.incidentId ? { incidentId: meta.incidentId } : {}) });
      const res = await call('PUT', `/api/blobs/${meta.id.split('/').map(encodeURIComponent).join('/')}?${q}`, undefined, {
        headers: { 'content-type': meta.mime },
        raw: bytes as unknown as BodyInit,
      });
      return (await res.json()) as { status: string };
    },
    /** The live control leases of the person's site. */
    async leases(): Promise<Lease[]> {
      return (await json(leaseList, await call('GET', '/api/leases'))).leases;
    },
    /** Acquire (or renew) control of a robot; a HubError 'conflict' carries the current holder in `body.current`. */
    async lease(action: 'acquire' | 'renew' | 'release', robotId: string, consoleId: string, ttlMs?: number): Promise<Lease | null> {
      const body = { robotId, consoleId, ...(ttlMs !== undefined && action !== 'release' ? { ttlMs } : {}) };
      return (await json(leaseAnswer, await call('POST', `/api/leases/${action}`, body))).lease;
    },
    /** A lead ends another person's lease (the hub enforces the role and audits it). */
    async breakLease(robotId: string, consoleId: string, reason: string): Promise<void> {
      await call('POST', '/api/leases/break', { robotId, consoleId, reason });
    },
    async getBlob(id: string): Promise<Uint8Array> {
      const res = await call('GET', `/api/blobs/${id.split('/').map(encodeURIComponent).join('/')}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}
