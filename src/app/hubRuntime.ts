// The console's one sync client: started when a hub is configured (--hub, ?hub=, or the hub tab; the
// address is remembered), stopped when the person chooses to work without one. Without a hub nothing is
// queued and nothing leaves the console.
import { checkHubUrl, getConsoleApi, launchHubUrl } from '../platform';
import { getDb } from '../storage';
import {
  HubError,
  HubLeaseClient,
  SyncClient,
  createHubApi,
  dexieOutbox,
  dexieSyncState,
  hubLeases,
  setHubLeases,
  setSyncTarget,
} from '../sync';
import type { SiteFigures } from '../contracts';
import { consoleIdForHub } from './hubIdentity';
import { applyHubEntries, onHubRejected } from './hubApply';
import { getIncidentRepo, setRemoteBlobSource } from '../features/incidents';
import { useHubStore } from './hubStore';

const URL_KEY = 'operator-console.hubUrl';
const SITE_KEY = 'operator-console.hubSite';

let client: SyncClient | undefined;

function remembered(key: string): string | undefined {
  try {
    return globalThis.localStorage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}
function remember(key: string, value: string | undefined): void {
  try {
    if (value === undefined) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {
    // not remembered; still used for this run
  }
}

export function getSyncClient(): SyncClient | undefined {
  return client;
}

/**
 * The site's service figures from the hub (computed there in SQL over every console's records); undefined when
 * the console works alone. While the sync client knows the hub is unreachable it does not wait for a timeout.
 */
export async function loadHubFigures(from: number, to: number): Promise<SiteFigures | undefined> {
  const c = client;
  if (!c) return undefined;
  const { status, url } = useHubStore.getState();
  if (status?.state === 'offline') throw new HubError('unreachable', 0, status.lastError ?? `the hub at ${url ?? ''} is not reachable`);
  return c.api.figures(from, to);
}

/** At launch: --hub / ?hub= first, else the address remembered from an earlier run. */
export async function startHubFromLaunch(): Promise<void> {
  const url = launchHubUrl() ?? remembered(URL_KEY);
  if (url) await connectHub(url).catch((err: unknown) => console.error('[hub] could not start', err));
}

/** Syncs with this hub from now on (remembered). A different hub than before starts from its beginning. */
export async function connectHub(raw: string): Promise<void> {
  const check = checkHubUrl(raw);
  if (!check.ok) throw new Error(check.error);
  const url = await getConsoleApi().allowConnection('hub', check.url);
  const db = getDb();
  const state = dexieSyncState(db.syncState);
  if ((await state.get<string>('hub.url')) !== url) {
    await state.delete('hub.cursor');
    await state.delete('hub.session');
    await state.set('hub.url', url);
  }
  stopHub();
  remember(URL_KEY, url);
  const consoleId = consoleIdForHub();
  const c = new SyncClient({
    hubUrl: url,
    consoleId,
    outbox: dexieOutbox(db.outbox),
    state,
    apply: applyHubEntries,
    onRejected: onHubRejected,
    readBlob: async (id) => {
      const b = await getIncidentRepo().getBlob(id);
      return b && { mime: b.mime, data: b.data };
    },
    onStatus: (s) => {
      const prev = useHubStore.getState();
      if (s.lastError && s.lastError !== prev.status?.lastError) console.warn(`[hub] ${s.lastError}`);
      const offlineSince = s.state === 'offline' ? (prev.offlineSince ?? s.lastSyncedAt ?? Date.now()) : undefined;
      useHubStore.setState({ status: s, offlineSince });
      if (s.user && s.user.site !== remembered(SITE_KEY)) remember(SITE_KEY, s.user.site);
    },
  });
  client = c;
  // The hub is the lease authority for stock robots while it is reachable (a short timeout: a renewal that
  // does not come back is tried again until the lease would lapse, then driving stops; README, "Site hub").
  const leases = new HubLeaseClient({
    api: createHubApi({ baseUrl: url, token: () => c.sessionToken(), timeoutMs: 3000 }),
    consoleId,
    online: () => c.reachable(),
  });
  setHubLeases(leases);
  leases.start();
  // Reviewing an incident another console recorded: its clip and screenshot are fetched from the hub.
  setRemoteBlobSource(async (id) => ({
    mime: id.endsWith('.png') ? 'image/png' : 'application/octet-stream',
    data: await c.api.getBlob(id),
  }));
  setSyncTarget({ site: remembered(SITE_KEY) ?? 'site', consoleId, kick: () => c.kick() });
  useHubStore.setState({ url, status: undefined, offlineSince: undefined });
  await c.start();
}

/** Works alone from now on: the client stops and nothing more is queued (what waits stays in the outbox). */
export function forgetHub(): void {
  stopHub();
  remember(URL_KEY, undefined);
  useHubStore.setState({ url: undefined, status: undefined, offlineSince: undefined });
}

function stopHub(): void {
  setRemoteBlobSource(null);
  hubLeases()?.stop();
  setHubLeases(undefined);
  client?.stop();
  client = undefined;
  setSyncTarget(undefined);
}
