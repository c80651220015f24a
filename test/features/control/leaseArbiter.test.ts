import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseArbiter, type ArbiterChange, type ArbiterView } from '../../../src/features/control/leaseArbiter';
import type { LeaseMessage } from '../../../src/contracts/arbitration';

/** Consoles on one robot: every lease message reaches every console (after `delayMs`), unless a console is cut off. */
class Bus {
  readonly log: LeaseMessage[] = [];
  readonly members = new Map<string, { arb: LeaseArbiter; changes: { view: ArbiterView; change: ArbiterChange }[]; up: boolean }>();
  constructor(private readonly delayMs = 0) {}

  join(consoleId: string, operator: string, skewMs = 0): LeaseArbiter {
    const changes: { view: ArbiterView; change: ArbiterChange }[] = [];
    const arb = new LeaseArbiter({
      consoleId,
      operator: () => operator,
      robotNow: () => Date.now() + skewMs,
      publish: (m) => {
        if (!this.members.get(consoleId)?.up) return false;
        this.log.push(m);
        const deliver = () => {
          for (const [id, mem] of this.members) if (mem.up && id !== consoleId) mem.arb.receive(m);
        };
        if (this.delayMs > 0) setTimeout(deliver, this.delayMs);
        else deliver();
        return true;
      },
      onChange: (view, change) => changes.push({ view, change }),
    });
    this.members.set(consoleId, { arb, changes, up: true });
    return arb;
  }

  setUp(consoleId: string, up: boolean): void {
    this.members.get(consoleId)!.up = up;
  }

  leave(consoleId: string): void {
    this.members.get(consoleId)?.arb.dispose();
    this.members.delete(consoleId);
  }

  holders(): string[] {
    return [...this.members].filter(([, m]) => m.arb.holds()).map(([id]) => id);
  }

  disposeAll(): void {
    for (const id of [...this.members.keys()]) this.leave(id);
  }
}

let bus: Bus;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => {
  bus?.disposeAll();
  vi.useRealTimers();
});

describe('LeaseArbiter: consoles arbitrate control of a stock robot', () => {
  it('grants control to a lone claimant after the claim window and renews the lease', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    const p = a.claim();
    expect(a.holds()).toBe(false);
    await vi.advanceTimersByTimeAsync(1500);
    await expect(p).resolves.toEqual({ ok: true });
    expect(a.view()).toMatchObject({ holder: 'Li Wei', mine: true });
    expect(b.view()).toMatchObject({ holder: 'Li Wei', console: 'console-a', mine: false, stale: false });
    const holds = () => bus.log.filter((m) => m.op === 'hold').length;
    const before = holds();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(holds() - before).toBeGreaterThanOrEqual(9);
    expect(b.view().holder).toBe('Li Wei');
  });

  it('two consoles asking at once: the earlier request wins, the tie goes to the smaller console id; never two holders', async () => {
    bus = new Bus(20);
    const a = bus.join('console-b', 'Ana');
    const b = bus.join('console-a', 'Li Wei');
    const pa = a.claim();
    const pb = b.claim(); // same millisecond: tie → console-a (smaller id) wins
    for (let i = 0; i < 40; i++) {
      await vi.advanceTimersByTimeAsync(50);
      expect(bus.holders().length).toBeLessThanOrEqual(1);
    }
    await expect(pb).resolves.toEqual({ ok: true });
    await expect(pa).resolves.toEqual({ ok: false, holder: 'Li Wei', console: 'console-a' });
    expect(bus.holders()).toEqual(['console-a']);
  });

  it('a slow claimant that asked first still wins: its claim is not forgotten before its hold arrives', async () => {
    bus = new Bus();
    const b = bus.join('console-b', 'Ben');
    // Ana's console is slow (a loaded machine): what it says reaches Ben only when the test delivers it.
    const fromAna: LeaseMessage[] = [];
    const a = new LeaseArbiter({
      consoleId: 'console-a',
      operator: () => 'Ana',
      robotNow: () => Date.now(),
      publish: (m) => fromAna.push(m) > 0,
    });
    void a.claim();
    b.receive(fromAna.shift()!); // Ana's claim reaches Ben at once
    await vi.advanceTimersByTimeAsync(1500);
    expect(a.holds()).toBe(true); // her hold is still on its way
    const pb = b.claim();
    await vi.advanceTimersByTimeAsync(1500); // Ben's window ends 3 s after he heard Ana's claim
    await expect(pb).resolves.toMatchObject({ ok: false, holder: 'Ana', console: 'console-a' });
    expect(b.holds()).toBe(false);
    for (const m of fromAna.splice(0)) b.receive(m);
    expect(b.view()).toMatchObject({ holder: 'Ana', mine: false });
    a.dispose();
  });

  it('a claimant that went away mid-claim blocks the others for the lease at most', async () => {
    bus = new Bus();
    const b = bus.join('console-b', 'Ben');
    b.receive({ op: 'claim', console: 'console-a', operator: 'Ana', at: Date.now() - 10 }); // and then nothing
    const refused = b.claim();
    await vi.advanceTimersByTimeAsync(1500);
    await expect(refused).resolves.toMatchObject({ ok: false, holder: 'Ana' });
    await vi.advanceTimersByTimeAsync(3600); // the lease since Ana's claim was heard
    const p = b.claim();
    await vi.advanceTimersByTimeAsync(1500);
    await expect(p).resolves.toEqual({ ok: true });
  });

  it('an earlier request time wins over a smaller console id, on the robot clock', async () => {
    bus = new Bus(20);
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    const pb = b.claim();
    await vi.advanceTimersByTimeAsync(5);
    const pa = a.claim();
    await vi.advanceTimersByTimeAsync(2000);
    await expect(pb).resolves.toEqual({ ok: true });
    await expect(pa).resolves.toMatchObject({ ok: false, holder: 'Ana' });
  });

  it('a claim while someone holds control is refused at once', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    void a.claim();
    await vi.advanceTimersByTimeAsync(1500);
    await expect(b.claim()).resolves.toEqual({ ok: false, holder: 'Li Wei', console: 'console-a' });
    expect(bus.log.filter((m) => m.op === 'claim' && m.console === 'console-b')).toHaveLength(0);
  });

  it('repeated presses share one claim (requests do not stack)', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const p1 = a.claim();
    const p2 = a.claim();
    const p3 = a.claim();
    expect(p2).toBe(p1);
    expect(p3).toBe(p1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(bus.log.filter((m) => m.op === 'claim')).toHaveLength(1);
    await expect(a.claim()).resolves.toEqual({ ok: true });
  });

  it('a holder whose console went away loses control after the lease (stale first), then another may take it', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    void a.claim();
    await vi.advanceTimersByTimeAsync(1500);
    bus.leave('console-a'); // page closed: no release, no renewals
    await vi.advanceTimersByTimeAsync(2600);
    expect(b.view()).toMatchObject({ holder: 'Li Wei', stale: true });
    await vi.advanceTimersByTimeAsync(2500);
    expect(b.view()).toMatchObject({ holder: '', mine: false });
    expect(bus.members.get('console-b')!.changes.map((c) => c.change)).toContain('expired');
    const p = b.claim();
    await vi.advanceTimersByTimeAsync(1500);
    await expect(p).resolves.toEqual({ ok: true });
  });

  it('hand back frees control for everyone at once', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    void a.claim();
    await vi.advanceTimersByTimeAsync(1500);
    expect(a.release()).toBe(true);
    expect(b.view().holder).toBe('');
    expect(b.release()).toBe(false);
  });

  it('a lead can break a stale hold only: refused while it is renewed', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    void a.claim();
    await vi.advanceTimersByTimeAsync(1500);
    expect(b.breakHold()).toEqual({ ok: false, reason: 'not-stale' });
    bus.setUp('console-a', false); // its link froze: renewals do not arrive
    await vi.advanceTimersByTimeAsync(2600);
    expect(b.breakHold()).toEqual({ ok: true, holder: 'Li Wei', console: 'console-a' });
    expect(b.view().holder).toBe('');
    expect(bus.log.at(-1)).toMatchObject({
      op: 'break',
      console: 'console-b',
      operator: 'Ana',
      holderConsole: 'console-a',
      holder: 'Li Wei',
    });
  });

  it('a holder that cannot renew for the lease gives its hold up itself (no stealing back after a partition)', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    void a.claim();
    await vi.advanceTimersByTimeAsync(1500);
    bus.setUp('console-a', false);
    await vi.advanceTimersByTimeAsync(5200);
    expect(a.holds()).toBe(false);
    expect(bus.members.get('console-a')!.changes.map((c) => c.change)).toContain('self-expired');
    void b.claim();
    await vi.advanceTimersByTimeAsync(1500);
    bus.setUp('console-a', true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(bus.holders()).toEqual(['console-b']);
  });

  it('two holds at once (after a partition): the earlier hold keeps control, the other steps down', async () => {
    bus = new Bus();
    const a = bus.join('console-a', 'Li Wei');
    const b = bus.join('console-b', 'Ana');
    bus.setUp('console-b', false);
    void a.claim();
    await vi.advanceTimersByTimeAsync(1500);
    // b could not hear a, and a's messages did not reach b (b was cut off): b claims alone
    bus.members.get('console-b')!.up = true;
    bus.members.get('console-a')!.up = false;
    void b.claim();
    await vi.advanceTimersByTimeAsync(1500);
    expect(bus.holders().sort()).toEqual(['console-a', 'console-b']);
    bus.setUp('console-a', true);
    await vi.advanceTimersByTimeAsync(1100);
    expect(bus.holders()).toEqual(['console-a']);
    expect(bus.members.get('console-b')!.changes.map((c) => c.change)).toContain('conflict');
  });
});
