// An incident's evidence after its row exists: the MCAP clip (messages of the clip window plus parameters such
// as the URDF) and a screenshot of the 3D view. A clip that cannot be stored marks the incident "clip lost";
// the row itself is never touched by a failure here.
import { getLink } from '../../fleet';
import type { IncidentRepo } from './incidentRepo';
import type { IncidentProviders } from './incidentServiceTypes';
import { writeClip } from './mcapClip';
import type { MessageRing, RingMessage } from './messageRing';

/** A parameter that does not answer within this long is left out of the clip. */
const PARAM_TIMEOUT_MS = 2000;

export interface EvidenceDeps {
  repo: IncidentRepo;
  providers: Pick<IncidentProviders, 'getParam' | 'captureScreenshot'>;
  paramNames: readonly string[];
  ring(robotId: string): MessageRing | undefined;
  fail(what: string, err: unknown): void;
}

export class EvidenceWriter {
  constructor(private readonly deps: EvidenceDeps) {}

  /** Writes the clip of [start, end] (from `given` messages, else the robot's ring) and attaches it. */
  async writeClip(id: string, robotId: string, start: number, end: number, given?: RingMessage[]): Promise<void> {
    const { repo } = this.deps;
    try {
      const msgs = given ?? this.deps.ring(robotId)?.snapshot(start, end) ?? [];
      const bytes = await writeClip(msgs, { params: await this.readParams(robotId), info: { incidentId: id, robotId } });
      await repo.attachClip(id, bytes, { start, end });
    } catch (err) {
      this.deps.fail('the evidence clip could not be stored', err);
      await repo.markClipLost(id).catch(() => undefined);
    }
  }

  async storeScreenshot(id: string): Promise<void> {
    try {
      const blob = await this.deps.providers.captureScreenshot();
      if (!blob) return;
      await this.deps.repo.attachScreenshot(id, new Uint8Array(await blob.arrayBuffer()), blob.type || 'image/png');
    } catch (err) {
      console.warn('[incidents] screenshot not stored', err);
    }
  }

  private getParam(robotId: string, name: string): Promise<unknown> {
    const { providers } = this.deps;
    return providers.getParam ? providers.getParam(robotId, name) : (getLink(robotId)?.getParam(name) ?? Promise.resolve(null));
  }

  private async readParams(robotId: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of this.deps.paramNames) {
      try {
        const v = await Promise.race([this.getParam(robotId, name), new Promise((r) => setTimeout(() => r(null), PARAM_TIMEOUT_MS))]);
        if (typeof v === 'string') out[name] = v;
        else if (v !== null && v !== undefined) out[name] = JSON.stringify(v);
      } catch {
        // not recorded: a clip without the URDF still replays transforms
      }
    }
    return out;
  }
}
