// A lead ends another console's stale hold of a stock robot. With the hub deciding, the hub breaks the lease
// first (it enforces the role and writes its own audit entry naming the holder and the lead); then the
// consoles' lease on the robot's topic is broken too. Without a hub only the consoles' lease is. Audited here.
import type { AuditSink, BreakResult } from './channelTypes';
import type { HubControl } from './hubControl';
import type { LeaseArbiter } from './leaseArbiter';

export interface BreakContext {
  robotId: string;
  operator: string;
  consoles: LeaseArbiter | undefined;
  audit: AuditSink;
  now: number;
}

/** The consoles' lease only (no hub, or the hub's part is done). */
export function breakConsolesHold(c: BreakContext, extra: Record<string, unknown> = {}): BreakResult {
  if (!c.operator) return { ok: false, error: 'no-operator' };
  if (!c.consoles) return { ok: false, error: 'robot-arbitrates' };
  const r = c.consoles.breakHold();
  if (!r.ok) return { ok: false, error: r.reason };
  c.audit({
    at: c.now,
    robotId: c.robotId,
    kind: 'control',
    person: c.operator,
    data: { outcome: 'broken', brokenBy: c.operator, holder: r.holder, holderConsole: r.console, arbitration: 'consoles', ...extra },
  });
  return { ok: true, holder: r.holder };
}

/** Through the hub when it decides (a refusal there, e.g. not a lead, stops here), then the consoles' lease. */
export async function breakHold(c: BreakContext, hub: HubControl, reason: string): Promise<BreakResult> {
  if (!c.operator) return { ok: false, error: 'no-operator' };
  if (!c.consoles) return { ok: false, error: 'robot-arbitrates' };
  const holder = c.consoles.view().holder;
  const r = await hub.breakAtHub(reason);
  if (r && !r.ok && r.error !== 'none')
    return { ok: false, error: r.error === 'forbidden' ? 'forbidden' : 'hub-failed', detail: r.message };
  const extra = r ? { authority: 'hub', hubBreak: r.ok ? 'broken' : 'no-lease', reason } : { reason };
  const local = breakConsolesHold(c, extra);
  // Broken at the hub while the holder still renews on the topic: its console hears the break and steps down.
  if (!local.ok && r?.ok && local.error === 'not-stale') {
    c.audit({
      at: c.now,
      robotId: c.robotId,
      kind: 'control',
      person: c.operator,
      data: { outcome: 'broken', brokenBy: c.operator, holder, ...extra },
    });
    return { ok: true, holder };
  }
  return local;
}
