// An incident's evidence after its row exists: the MCAP clip (messages of the clip window, the incident record
// as metadata, parameters such as the URDF, the screenshot as an attachment) and the screenshot of the 3D view
// on its own. A clip that cannot be stored marks the incident "clip lost"; the row itself is never touched by a
// failure here.
import { getLink } from '../../fleet';
import type { IncidentRepo } from './incidentRepo';
import type { IncidentProviders } from './incidentServiceTypes';
import { writeClip, type ClipAttachment } from './mcapClip';
import type { MessageRing, RingMessage } from './messageRing';
import type { Incident } from './types';

/** A parameter that does not answer within this long is left out of the clip. */
const PARAM_TIMEOUT_MS = 2000;

export interface EvidenceDeps {
  repo: IncidentRepo;
  providers: Pick<IncidentProviders, 'getParam' | 'captureScreenshot'>;
  paramNames: readonly string[];
  ring(robotId: string): MessageRing | undefined;
  fail(what: string, err: unknown): void;
}

/** The incident record as MCAP metadata: strings as they are, everything else as JSON. */
export function incidentMetadata(inc: Incident | undefined, id: string, robotId: string): Record<string, string> {
  const out: Record<string, string> = { incidentId: id, robotId };
  if (!inc) return out;
  for (const [k, v] of Object.entries(inc)) {
    if (v === undefined || k === 'clipBlobId' || k === 'screenshotBlobId' || k === 'clipState') continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export class EvidenceWriter {
  /** Screenshots being taken, by incident: the clip waits for its screenshot to attach it. */
  private readonly shots = new Map<string, Promise<ClipAttachment | null>>();

  constructor(private readonly deps: EvidenceDeps) {}

  /** Writes the clip of [start, end] (from `given` messages, else the robot's ring) and attaches it. */
  async writeClip(id: string, robotId: string, start: number, end: number, given?: RingMessage[]): Promise<void> {
    const { repo } = this.deps;
    try {
      const msgs = given ?? this.deps.ring(robotId)?.snapshot(start, end) ?? [];
      const shot = await (this.shots.get(id) ?? Promise.resolve(null));
      this.shots.delete(id);
      const bytes = await writeClip(msgs, {
        params: await this.readParams(robotId),
        info: incidentMetadata(await repo.get(id).catch(() => undefined), id, robotId),
        window: { start, end },
        attachments: shot ? [shot] : [],
      });
      await repo.attachClip(id, bytes, { start, end });
    } catch (err) {
      this.deps.fail('the evidence clip could not be stored', err);
      await repo.markClipLost(id).catch(() => undefined);
    }
  }

  /** Takes and stores the screenshot; the incident's clip (written later) carries it as an attachment. */
  storeScreenshot(id: string, at: number): Promise<void> {
    const shot = this.takeScreenshot(id, at);
    this.shots.set(id, shot);
    return shot.then(() => undefined);
  }

  private async takeScreenshot(id: string, at: number): Promise<ClipAttachment | null> {
    try {
      const blob = await this.deps.providers.captureScreenshot();
      if (!blob) return null;
      const data = new Uint8Array(await blob.arrayBuffer());
      const mediaType = blob.type || 'image/png';
      await this.deps.repo.attachScreenshot(id, data, mediaType);
      return { name: `screenshot.${EXT[mediaType] ?? 'png'}`, mediaType, data, at };
    } catch (err) {
      console.warn('[incidents] screenshot not stored', err);
      return null;
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
