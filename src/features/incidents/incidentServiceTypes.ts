// What the incident service is given (providers from the composition root) and what it offers components.
import type { IncidentRepo } from './incidentRepo';
import type { MessageRing, MessageRingOptions, RingMessage } from './messageRing';
import type { Candidate, CandidateInput, ControlMode, Incident, IncidentLabels, IncidentPose, TaskRef } from './types';

/** What a link's tap says beyond topic, type, message and time (src/ros TapEvent satisfies it). */
export interface TapDetail {
  /** 'out' for what the console sent. */
  direction: 'in' | 'out';
  /** Size of the frame that carried it (what the ring's byte budget counts). */
  bytes: number;
  raw?: Uint8Array;
  rawEncoding?: 'ros1' | 'cbor';
}

export interface MessageTap {
  onMessage(cb: (topic: string, type: string, msg: unknown, receivedAt: number, detail?: TapDetail) => void): () => void;
}

export interface IncidentProviders {
  /** The robot's pose in `map` now (the scene's TF buffer), or null if unknown. */
  getPose(robotId: string): IncidentPose | null;
  getActiveTask(robotId: string): TaskRef | null;
  getControlMode(robotId: string): ControlMode;
  /** A picture of the 3D view now (canvas.toBlob with preserveDrawingBuffer, or render-and-capture). */
  captureScreenshot(): Promise<Blob | null>;
  /** Every message the console receives from and sends to this robot (the link's tap: fleetLinkTap). */
  tapFor(robotId: string): MessageTap;
  /** The evidence ring's byte budget for this robot (site profile; default DEFAULT_RING_BYTES). */
  ringBytesFor?(robotId: string): number | undefined;
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
  /** Re-reads every ring's byte budget from ringBytesFor (after the site profile changed). */
  applyRingBudgets(): void;
  watchRobot(robotId: string): void;
  unwatchRobot(robotId: string): void;
  /** Resolves when all scheduled clips are written (tests, shutdown). */
  flush(): Promise<void>;
  refresh(): Promise<void>;
  readonly repo: IncidentRepo;
  readonly ready: Promise<void>;
  stop(): void;
}

/** Where the robot was, what it did and who drove, at one instant. */
export interface RobotSnapshot {
  pose: IncidentPose | null;
  task: TaskRef | null;
  controlMode: ControlMode;
}
