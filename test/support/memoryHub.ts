// The site hub's lease rules (hub/src/leases.ts) in memory, for tests of the console's side without a
// database: one holder (person + console) per robot for a TTL, renewals, release, and a break by a lead only.
// A switch per console cuts it off (its calls fail as unreachable).
import type { Lease } from '../../src/contracts';
import { HubError, type LeaseApi } from '../../src/sync';

export class MemoryHub {
  readonly leases = new Map<string, Lease>();
  readonly cut = new Set<string>();
  readonly breaks: { robotId: string; by: string; holder: string; reason: string }[] = [];
  private live(robotId: string): Lease | undefined {
    const l = this.leases.get(robotId);
    return l && l.expiresAt > Date.now() ? l : undefined;
  }
  api(user: string, role: 'operator' | 'lead', consoleId: string): LeaseApi {
    const reach = () => {
      if (this.cut.has(consoleId)) throw new HubError('unreachable', 0, 'the hub at http://hub is not reachable (fetch failed)');
    };
    return {
      leases: async () => {
        reach();
        return [...this.leases.values()].filter((l) => l.expiresAt > Date.now());
      },
      lease: async (action, robotId, cid, ttlMs = 15_000) => {
        reach();
        const cur = this.live(robotId);
        const mine = cur?.holder === user && cur.consoleId === cid;
        if (cur && !mine)
          throw new HubError('conflict', 409, `${robotId} is held by ${cur.holder} (console ${cur.consoleId})`, { current: cur });
        if (action === 'release') {
          if (cur) this.leases.delete(robotId);
          return null;
        }
        const old = this.leases.get(robotId);
        if (action === 'renew' && !cur && (old?.holder !== user || old.consoleId !== cid))
          throw new HubError('conflict', 409, `${user} does not hold ${robotId}; acquire it first`, { current: null });
        const l: Lease = {
          site: 'plant-1',
          robotId,
          holder: user,
          consoleId: cid,
          acquiredAt: cur?.acquiredAt ?? Date.now(),
          expiresAt: Date.now() + ttlMs,
        };
        this.leases.set(robotId, l);
        return l;
      },
      breakLease: async (robotId, _cid, reason) => {
        reach();
        if (role !== 'lead') throw new HubError('forbidden', 403, `${user} may not break another person's control of a robot`);
        const cur = this.live(robotId);
        if (!cur) throw new HubError('notFound', 404, `nobody holds ${robotId}`);
        this.leases.delete(robotId);
        this.breaks.push({ robotId, by: user, holder: cur.holder, reason });
      },
    };
  }
}
