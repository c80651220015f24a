// The incident machinery outside React: per-robot evidence rings fed by every message the console receives,
// candidates from /diagnostics and from other features (addCandidate), capture (row -> screenshot -> clip), and
// crash recovery at start. Components talk to it through getIncidentService().
import { shownRobotName, useFleetStore } from '../../fleet';
import { storageErrorText } from '../../storage';
import { diagnosticsCandidates } from './diagnosticsCandidates';
import { CandidateTray } from './incidentCandidates';
import { EvidenceWriter } from './incidentEvidence';
import { IncidentJobs } from './incidentJobs';
import { getIncidentRepo, type IncidentRepo } from './incidentRepo';
import type { CaptureOptions, IncidentProviders, IncidentService, RobotSnapshot } from './incidentServiceTypes';
import { useIncidentStore, operatorName } from './incidentStore';
import type { MessageRing } from './messageRing';
import { RobotRecorders } from './robotRecorders';
import { newIncidentId, type Candidate, type CandidateInput, type ControlMode, type Incident, type IncidentLabels } from './types';

export type { CaptureOptions, IncidentProviders, IncidentService, MessageTap } from './incidentServiceTypes';

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

/** Pending rows are given this long after their clip window before they count as lost. */
const RECOVERY_MARGIN_MS = 5000;

function robotName(robotId: string): string {
  return shownRobotName(useFleetStore.getState().robots, robotId);
}

/** A provider that throws must not stop a capture: what it would have said is recorded as unknown. */
function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

function snapshotOf(p: IncidentProviders, robotId: string): RobotSnapshot {
  return {
    pose: safe(() => p.getPose(robotId), null),
    task: safe(() => p.getActiveTask(robotId), null),
    controlMode: safe<ControlMode>(() => p.getControlMode(robotId), 'unknown'),
  };
}

/** The new incident's row, a draft whose clip is still to be written. */
function newIncidentRow(
  robotId: string,
  o: CaptureOptions,
  snap: RobotSnapshot,
  at: number,
  t: number,
  clip: { before: number; after: number },
): Incident {
  return {
    id: newIncidentId(at),
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
    clipStart: at - clip.before,
    clipEnd: at + clip.after,
  };
}

class IncidentServiceImpl implements IncidentService {
  readonly repo: IncidentRepo;
  readonly ready: Promise<void>;
  private readonly now: () => number;
  private readonly before: number;
  private readonly after: number;
  private readonly jobs = new IncidentJobs();
  /** Rows being created: labels saved meanwhile wait for them. */
  private readonly creating = new Map<string, Promise<void>>();
  /** Incidents whose clip this session writes. */
  private readonly scheduled = new Set<string>();
  private readonly store = useIncidentStore;
  private readonly recorders: RobotRecorders;
  private readonly candidates: CandidateTray;
  private readonly evidence: EvidenceWriter;
  private readonly offRepo: () => void;

  constructor(private readonly p: IncidentProviders) {
    this.repo = p.repo ?? getIncidentRepo();
    this.now = p.now ?? (() => Date.now());
    this.before = p.clipBeforeMs ?? 20_000;
    this.after = p.clipAfterMs ?? 10_000;
    this.offRepo = this.repo.onChange(() => void this.refresh());
    this.evidence = new EvidenceWriter({
      repo: this.repo,
      providers: p,
      paramNames: p.params ?? ['/robot_description'],
      ring: (robotId) => this.recorders.ring(robotId),
      fail: (what, err) => this.fail(what, err),
    });
    this.candidates = new CandidateTray({
      now: this.now,
      dedupeWindowMs: p.dedupeWindowMs ?? 60_000,
      clipBeforeMs: this.before,
      clipAfterMs: this.after,
      jobs: this.jobs,
      snapshotOf: (robotId) => snapshotOf(p, robotId),
      ring: (robotId) => this.recorders.ring(robotId),
    });
    this.recorders = new RobotRecorders({
      tapFor: p.tapFor,
      subscribeDiagnostics: p.subscribeDiagnostics,
      ring: p.ring,
      ringBytesFor: p.ringBytesFor,
      onDiagnostics: (robotId, msg, at) => {
        for (const c of diagnosticsCandidates(robotId, msg, at)) this.candidates.add(c);
      },
    });
    if (p.followFleet !== false) this.recorders.followFleet();
    this.ready = this.recover();
  }

  async capture(robotId: string, o: CaptureOptions = {}): Promise<string> {
    const at = o.at ?? this.now();
    const snap =
      o.pose !== undefined ? { pose: o.pose, task: o.task ?? null, controlMode: o.controlMode ?? 'unknown' } : snapshotOf(this.p, robotId);
    const row = newIncidentRow(robotId, o, snap, at, this.now(), { before: this.before, after: this.after });
    const { id } = row;
    // The form opens at once (keys typed right after the hotkey land in it); labels saved before the row
    // exists wait for it (see saveLabels).
    if (o.openForm !== false) {
      this.store.setState({ formDraft: row });
      this.store.getState().openForm(id);
    }
    // 1. The row first: from here on the incident survives a crash, whatever happens to its evidence.
    this.scheduled.add(id);
    const created = this.repo.createPending(row);
    this.creating.set(id, created);
    try {
      await created;
    } finally {
      this.creating.delete(id);
    }
    this.jobs.track(this.evidence.storeScreenshot(id, at));
    const [start, end] = [row.clipStart!, row.clipEnd!];
    if (o.evidence) this.jobs.track(this.evidence.writeClip(id, robotId, start, end, o.evidence));
    else this.jobs.later(end - this.now(), () => this.evidence.writeClip(id, robotId, start, end));
    return id;
  }

  addCandidate(input: CandidateInput): Candidate | null {
    return this.candidates.add(input);
  }

  async confirmCandidate(id: string): Promise<string | null> {
    const c = this.candidates.find(id);
    if (!c) return null;
    const ev = this.candidates.evidenceOf(id);
    this.candidates.remove(id);
    try {
      return await this.capture(c.robotId, {
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
      this.fail('the incident could not be saved', err);
      return null;
    }
  }

  dismissCandidate(id: string): void {
    this.candidates.remove(id);
  }

  async saveLabels(id: string, labels: Partial<IncidentLabels>, final: boolean): Promise<void> {
    try {
      await this.creating.get(id);
      await this.repo.updateLabels(id, final ? { ...labels, labelState: 'labelled' } : labels, this.now());
    } catch (err) {
      this.fail('the incident could not be saved', err);
    }
  }

  async markReviewed(id: string, reviewed: boolean): Promise<void> {
    try {
      await this.repo.markReviewed(id, reviewed, operatorName(), this.now());
    } catch (err) {
      this.fail('the review mark could not be saved', err);
    }
  }

  ring(robotId: string): MessageRing | undefined {
    return this.recorders.ring(robotId);
  }
  applyRingBudgets(): void {
    this.recorders.applyBudgets();
  }
  watchRobot(robotId: string): void {
    this.recorders.watch(robotId);
  }
  unwatchRobot(robotId: string): void {
    this.recorders.unwatch(robotId);
  }

  flush(): Promise<void> {
    return this.jobs.flush();
  }

  async refresh(): Promise<void> {
    try {
      this.store.getState().setIncidents(await this.repo.list());
    } catch (err) {
      this.fail('could not read incidents', err);
    }
  }

  stop(): void {
    this.jobs.cancel();
    this.offRepo();
    this.recorders.stop();
    if (active === this) active = undefined;
  }

  private async recover(): Promise<void> {
    const margin = this.after + RECOVERY_MARGIN_MS;
    try {
      // Anything still pending after its clip window (plus a margin) was being written when the console died.
      await this.repo.recoverPending(this.now(), margin);
      // Younger pending rows belong to a session that ended (a reload) or to another window: give them until
      // their clip window has passed, then they are lost too (a late attachClip still completes them).
      for (const i of await this.repo.list()) {
        if (i.clipState !== 'pending' || this.scheduled.has(i.id)) continue;
        this.jobs.later((i.clipEnd ?? i.at) + margin - this.now(), () => this.repo.markClipLost(i.id));
      }
    } catch (err) {
      this.fail('could not check unfinished incidents', err);
    }
    await this.refresh();
  }

  private fail(what: string, err: unknown): void {
    console.error(`[incidents] ${what}`, err);
    this.store.getState().setError(`${what}: ${storageErrorText(err)}`);
  }
}

export function startIncidentService(p: IncidentProviders): IncidentService {
  active?.stop();
  const service = new IncidentServiceImpl(p);
  active = service;
  for (const q of queued.splice(0)) service.addCandidate(q);
  return service;
}
