// The incident machinery outside React: per-robot evidence rings fed by the lead's message taps, candidates
// from /diagnostics and from other features (addCandidate), capture (row -> screenshot -> clip), and
// crash recovery at start. Components talk to it through getIncidentService().
import { getLink } from '../../fleet';
import { useFleetStore } from '../../fleet';
import { getIncidentRepo, type IncidentRepo } from './incidentRepo';
import { storageErrorText } from '../../storage';
import { Deduper, diagnosticsCandidates } from './diagnosticsCandidates';
import { useIncidentStore, operatorName } from './incidentStore';
import { writeClip } from './mcapClip';
import { MessageRing, type MessageRingOptions, type RingMessage } from './messageRing';
import { RobotRecorders } from './robotRecorders';
import {
  newIncidentId,
  type Candidate,
  type CandidateInput,
  type ControlMode,
  type Incident,
  type IncidentLabels,
  type IncidentPose,
  type TaskRef,
} from './types';

export interface MessageTap {
  onMessage(cb: (topic: string, type: string, msg: unknown, receivedAt: number) => void): () => void;
}

export interface IncidentProviders {
  /** The robot's pose in `map` now (the scene's TF buffer), or null if unknown. */
  getPose(robotId: string): IncidentPose | null;
  getActiveTask(robotId: string): TaskRef | null;
  getControlMode(robotId: string): ControlMode;
  /** A picture of the 3D view now (canvas.toBlob with preserveDrawingBuffer, or render-and-capture). */
  captureScreenshot(): Promise<Blob | null>;
  /** Every message the console receives for this robot. */
  tapFor(robotId: string): MessageTap;
  /** Parameters recorded into clips (default: the robot's link getParam). */
  getParam?(robotId: string, name: string): Promise<unknown>;
  /** /diagnostics feed (default: subscribe on the robot's link). */
  subscribeDiagnostics?(robotId: string, cb: (msg: unknown, receivedAt: number) => void): () => void;
  repo?: IncidentRepo;
  now?: () => number;
  /** Clip window around the incident instant (defaults 20 s before, 10 s after). */
  clipBeforeMs?: number;
  clipAfterMs?: number;
  ring?: MessageRingOptions;
  dedupeWindowMs?: number;
  /** Recorded into clips when present (default ['/robot_description']). */
  params?: string[];
  /** Whether to follow the fleet store's robots (default true); tests call watchRobot themselves. */
  followFleet?: boolean;
}

export interface CaptureOptions {
  at?: number;
  source?: Incident['source'];
  sourceDetail?: string;
  pose?: IncidentPose | null;
  task?: TaskRef | null;
  controlMode?: ControlMode;
  labels?: Partial<IncidentLabels>;
  /** Open the form for the new incident (default true). */
  openForm?: boolean;
  evidence?: RingMessage[];
}

export interface IncidentService {
  /** Creates an incident for the robot at this instant and opens the form. Resolves with its id. */
  capture(robotId: string, opts?: CaptureOptions): Promise<string>;
  addCandidate(input: CandidateInput): Candidate | null;
  confirmCandidate(id: string): Promise<string | null>;
  dismissCandidate(id: string): void;
  saveLabels(id: string, labels: Partial<IncidentLabels>, final: boolean): Promise<void>;
  markReviewed(id: string, reviewed: boolean): Promise<void>;
  ring(robotId: string): MessageRing | undefined;
  watchRobot(robotId: string): void;
  unwatchRobot(robotId: string): void;
  /** Resolves when all scheduled clips are written (tests, shutdown). */
  flush(): Promise<void>;
  refresh(): Promise<void>;
  readonly repo: IncidentRepo;
  readonly ready: Promise<void>;
  stop(): void;
}

let active: IncidentService | undefined;
const queued: CandidateInput[] = [];

export function getIncidentService(): IncidentService | undefined {
  return active;
}

/** For other features (takeover: requests, e-stops). Queued until the service starts. */
export function addCandidate(input: CandidateInput): void {
  if (active) active.addCandidate(input);
  else if (queued.length < 100) queued.push(input);
}

const MAX_EVIDENCE = 20;
const MAX_CANDIDATES = 200;

export function startIncidentService(p: IncidentProviders): IncidentService {
  active?.stop();
  const repo = p.repo ?? getIncidentRepo();
  const now = p.now ?? (() => Date.now());
  const before = p.clipBeforeMs ?? 20_000;
  const after = p.clipAfterMs ?? 10_000;
  const paramNames = p.params ?? ['/robot_description'];
  const dedupe = new Deduper(p.dedupeWindowMs ?? 60_000);
  const dedupeToCandidate = new Map<string, string>();
  const evidence = new Map<string, RingMessage[]>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const jobs = new Set<Promise<void>>();
  const creating = new Map<string, Promise<void>>();
  /** Incidents whose clip this session writes. */
  const scheduled = new Set<string>();
  const store = useIncidentStore;

  const fail = (what: string, err: unknown) => {
    console.error(`[incidents] ${what}`, err);
    store.getState().setError(`${what}: ${storageErrorText(err)}`);
  };

  const refresh = async () => {
    try {
      store.getState().setIncidents(await repo.list());
    } catch (err) {
      fail('could not read incidents', err);
    }
  };
  const offRepo = repo.onChange(() => void refresh());

  const track = (job: Promise<void>) => {
    jobs.add(job);
    void job.finally(() => jobs.delete(job));
  };
  const later = (delayMs: number, fn: () => Promise<void>) => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        track(fn());
      },
      Math.max(0, delayMs),
    );
    timers.add(t);
  };

  const getParam = (robotId: string, name: string): Promise<unknown> =>
    p.getParam ? p.getParam(robotId, name) : (getLink(robotId)?.getParam(name) ?? Promise.resolve(null));

  const readParams = async (robotId: string): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const name of paramNames) {
      try {
        const v = await Promise.race([getParam(robotId, name), new Promise((r) => setTimeout(() => r(null), 2000))]);
        if (typeof v === 'string') out[name] = v;
        else if (v !== null && v !== undefined) out[name] = JSON.stringify(v);
      } catch {
        // not recorded: a clip without the URDF still replays transforms
      }
    }
    return out;
  };

  const writeClipFor = async (id: string, robotId: string, start: number, end: number, given?: RingMessage[]) => {
    try {
      const msgs = given ?? recorders.ring(robotId)?.snapshot(start, end) ?? [];
      const bytes = await writeClip(msgs, { params: await readParams(robotId), info: { incidentId: id, robotId } });
      await repo.attachClip(id, bytes, { start, end });
    } catch (err) {
      fail('the evidence clip could not be stored', err);
      await repo.markClipLost(id).catch(() => undefined);
    }
  };

  const storeScreenshot = async (id: string) => {
    try {
      const blob = await p.captureScreenshot();
      if (!blob) return;
      await repo.attachScreenshot(id, new Uint8Array(await blob.arrayBuffer()), blob.type || 'image/png');
    } catch (err) {
      console.warn('[incidents] screenshot not stored', err);
    }
  };

  const robotName = (robotId: string) => useFleetStore.getState().robots.find((r) => r.id === robotId)?.name ?? robotId;

  const snapshotOf = (robotId: string) => {
    const safe = <T>(fn: () => T, fallback: T): T => {
      try {
        return fn();
      } catch {
        return fallback;
      }
    };
    return {
      pose: safe(() => p.getPose(robotId), null),
      task: safe(() => p.getActiveTask(robotId), null),
      controlMode: safe<ControlMode>(() => p.getControlMode(robotId), 'unknown'),
    };
  };

  const capture = async (robotId: string, o: CaptureOptions = {}): Promise<string> => {
    const at = o.at ?? now();
    const snap =
      o.pose !== undefined ? { pose: o.pose, task: o.task ?? null, controlMode: o.controlMode ?? 'unknown' } : snapshotOf(robotId);
    const id = newIncidentId(at);
    const t = now();
    const row: Incident = {
      id,
      at,
      createdAt: t,
      updatedAt: t,
      robotId,
      robotName: robotName(robotId),
      person: operatorName(),
      source: o.source ?? 'manual',
      sourceDetail: o.sourceDetail,
      category: o.labels?.category ?? null,
      severity: o.labels?.severity ?? null,
      tags: o.labels?.tags ?? [],
      note: o.labels?.note ?? '',
      pose: snap.pose,
      task: snap.task,
      controlMode: snap.controlMode,
      labelState: 'draft',
      reviewed: false,
      clipState: 'pending',
      clipStart: at - before,
      clipEnd: at + after,
    };
    // The form opens at once (keys typed right after the hotkey land in it); labels saved before the row
    // exists wait for it (see saveLabels).
    if (o.openForm !== false) {
      store.setState({ formDraft: row });
      store.getState().openForm(id);
    }
    // 1. The row first: from here on the incident survives a crash, whatever happens to its evidence.
    scheduled.add(id);
    const created = repo.createPending(row);
    creating.set(id, created);
    try {
      await created;
    } finally {
      creating.delete(id);
    }
    track(storeScreenshot(id));
    if (o.evidence) track(writeClipFor(id, robotId, row.clipStart!, row.clipEnd!, o.evidence));
    else later(row.clipEnd! - now(), () => writeClipFor(id, robotId, row.clipStart!, row.clipEnd!));
    return id;
  };

  const removeCandidate = (id: string) => {
    evidence.delete(id);
    for (const [k, v] of dedupeToCandidate) if (v === id) dedupeToCandidate.delete(k);
    store.setState({ candidates: store.getState().candidates.filter((c) => c.id !== id) });
  };

  const addCandidateImpl = (input: CandidateInput): Candidate | null => {
    const at = input.at ?? now();
    if (input.dedupeKey && dedupe.seen(input.dedupeKey, at)) {
      const existing = dedupeToCandidate.get(input.dedupeKey);
      if (existing) {
        store.setState({ candidates: store.getState().candidates.map((c) => (c.id === existing ? { ...c, count: c.count + 1 } : c)) });
      }
      return null;
    }
    const snap = snapshotOf(input.robotId);
    const c: Candidate = {
      id: `cand-${at}-${Math.random().toString(36).slice(2, 8)}`,
      robotId: input.robotId,
      at,
      source: input.source,
      title: input.title,
      detail: input.detail,
      count: 1,
      ...snap,
      suggestedCategory: input.suggestedCategory,
      suggestedSeverity: input.suggestedSeverity,
    };
    if (input.dedupeKey) dedupeToCandidate.set(input.dedupeKey, c.id);
    const list = [c, ...store.getState().candidates].slice(0, MAX_CANDIDATES);
    store.setState({ candidates: list });
    // Keep the evidence around the candidate now: a person may confirm it minutes later.
    later(at + after - now(), async () => {
      if (!store.getState().candidates.some((x) => x.id === c.id)) return;
      const ring = recorders.ring(c.robotId);
      if (!ring) return;
      evidence.set(c.id, ring.snapshot(at - before, at + after));
      while (evidence.size > MAX_EVIDENCE) evidence.delete(evidence.keys().next().value!);
    });
    return c;
  };

  const recorders = new RobotRecorders({
    tapFor: p.tapFor,
    subscribeDiagnostics: p.subscribeDiagnostics,
    ring: p.ring,
    onDiagnostics: (robotId, msg, at) => {
      for (const c of diagnosticsCandidates(robotId, msg, at)) addCandidateImpl(c);
    },
  });
  if (p.followFleet !== false) recorders.followFleet();

  const ready = (async () => {
    try {
      // Anything still pending after its clip window (plus a margin) was being written when the console died.
      await repo.recoverPending(now(), after + 5000);
      // Younger pending rows belong to a session that ended (a reload) or to another window: give them until
      // their clip window has passed, then they are lost too (a late attachClip still completes them).
      for (const i of await repo.list()) {
        if (i.clipState !== 'pending' || scheduled.has(i.id)) continue;
        later((i.clipEnd ?? i.at) + after + 5000 - now(), () => repo.markClipLost(i.id));
      }
    } catch (err) {
      fail('could not check unfinished incidents', err);
    }
    await refresh();
  })();

  const service: IncidentService = {
    repo,
    ready,
    capture,
    addCandidate: addCandidateImpl,
    async confirmCandidate(id) {
      const c = store.getState().candidates.find((x) => x.id === id);
      if (!c) return null;
      const ev = evidence.get(id);
      removeCandidate(id);
      try {
        return await capture(c.robotId, {
          at: c.at,
          source: c.source,
          sourceDetail: c.title + (c.detail ? ` (${c.detail})` : '') + (c.count > 1 ? ` x${c.count}` : ''),
          pose: c.pose,
          task: c.task,
          controlMode: c.controlMode,
          labels: { category: c.suggestedCategory ?? null, severity: c.suggestedSeverity ?? null },
          evidence: ev,
        });
      } catch (err) {
        fail('the incident could not be saved', err);
        return null;
      }
    },
    dismissCandidate: removeCandidate,
    async saveLabels(id, labels, final) {
      try {
        await creating.get(id);
        await repo.updateLabels(id, final ? { ...labels, labelState: 'labelled' } : labels, now());
      } catch (err) {
        fail('the incident could not be saved', err);
      }
    },
    async markReviewed(id, reviewed) {
      try {
        await repo.markReviewed(id, reviewed, operatorName(), now());
      } catch (err) {
        fail('the review mark could not be saved', err);
      }
    },
    ring: (robotId) => recorders.ring(robotId),
    watchRobot: (robotId) => recorders.watch(robotId),
    unwatchRobot: (robotId) => recorders.unwatch(robotId),
    async flush() {
      while (jobs.size) await Promise.all([...jobs]);
    },
    refresh,
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      offRepo();
      recorders.stop();
      if (active === service) active = undefined;
    },
  };
  active = service;
  for (const q of queued.splice(0)) addCandidateImpl(q);
  return service;
}
