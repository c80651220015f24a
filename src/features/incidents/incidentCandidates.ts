// Candidates: things that may be incidents (a /diagnostics warning, a takeover request, an e-stop) waiting for
// a person to confirm or dismiss them. Repeats within the dedupe window only count up; the evidence around a
// candidate is kept from the moment its clip window has passed, because a person may confirm it minutes later.
import { Deduper } from './diagnosticsCandidates';
import type { IncidentJobs } from './incidentJobs';
import type { RobotSnapshot } from './incidentServiceTypes';
import { useIncidentStore } from './incidentStore';
import type { MessageRing, RingMessage } from './messageRing';
import type { Candidate, CandidateInput } from './types';

/** Evidence is kept for at most this many candidates (the oldest goes first). */
const MAX_EVIDENCE = 20;
const MAX_CANDIDATES = 200;

export interface CandidateDeps {
  now(): number;
  dedupeWindowMs: number;
  clipBeforeMs: number;
  clipAfterMs: number;
  jobs: IncidentJobs;
  snapshotOf(robotId: string): RobotSnapshot;
  ring(robotId: string): MessageRing | undefined;
}

export class CandidateTray {
  private readonly dedupe: Deduper;
  private readonly byDedupeKey = new Map<string, string>();
  private readonly evidence = new Map<string, RingMessage[]>();
  private readonly store = useIncidentStore;

  constructor(private readonly deps: CandidateDeps) {
    this.dedupe = new Deduper(deps.dedupeWindowMs);
  }

  find(id: string): Candidate | undefined {
    return this.store.getState().candidates.find((x) => x.id === id);
  }

  /** The messages kept around the candidate, if its clip window has passed. */
  evidenceOf(id: string): RingMessage[] | undefined {
    return this.evidence.get(id);
  }

  /** Adds a candidate; a repeat within the dedupe window counts up the first one and returns null. */
  add(input: CandidateInput): Candidate | null {
    const { store } = this;
    const at = input.at ?? this.deps.now();
    if (input.dedupeKey && this.dedupe.seen(input.dedupeKey, at)) {
      const existing = this.byDedupeKey.get(input.dedupeKey);
      if (existing) {
        store.setState({ candidates: store.getState().candidates.map((c) => (c.id === existing ? { ...c, count: c.count + 1 } : c)) });
      }
      return null;
    }
    const c: Candidate = {
      id: `cand-${at}-${Math.random().toString(36).slice(2, 8)}`,
      robotId: input.robotId,
      at,
      source: input.source,
      title: input.title,
      detail: input.detail,
      count: 1,
      ...this.deps.snapshotOf(input.robotId),
      suggestedCategory: input.suggestedCategory,
      suggestedSeverity: input.suggestedSeverity,
    };
    if (input.dedupeKey) this.byDedupeKey.set(input.dedupeKey, c.id);
    store.setState({ candidates: [c, ...store.getState().candidates].slice(0, MAX_CANDIDATES) });
    this.keepEvidence(c);
    return c;
  }

  remove(id: string): void {
    this.evidence.delete(id);
    for (const [k, v] of this.byDedupeKey) if (v === id) this.byDedupeKey.delete(k);
    this.store.setState({ candidates: this.store.getState().candidates.filter((c) => c.id !== id) });
  }

  private keepEvidence(c: Candidate): void {
    const { clipBeforeMs: before, clipAfterMs: after } = this.deps;
    this.deps.jobs.later(c.at + after - this.deps.now(), async () => {
      if (!this.store.getState().candidates.some((x) => x.id === c.id)) return;
      const ring = this.deps.ring(c.robotId);
      if (!ring) return;
      this.evidence.set(c.id, ring.snapshot(c.at - before, c.at + after));
      while (this.evidence.size > MAX_EVIDENCE) this.evidence.delete(this.evidence.keys().next().value!);
    });
  }
}
