// What the scene found wrong with a robot's own data, for that robot's Problems list: an invalid
// /robot_description (each issue with its line and element) and mesh files that could not be loaded. Kept
// apart from the link's problems because they are about content, not the connection; set-if-changed, polled.

export type SceneProblemKind = 'urdf-invalid' | 'meshes-missing';

export interface SceneProblem {
  kind: SceneProblemKind;
  /** Epoch ms when it was found. */
  at: number;
  /** The details, in the robot's own terms (lines, elements, file names). */
  details: string[];
}

const MAX_DETAILS = 20;

export class SceneProblems {
  private readonly byRobot = new Map<string, Map<SceneProblemKind, SceneProblem>>();
  /** Bumped on every change. */
  version = 0;

  set(robotId: string, kind: SceneProblemKind, details: readonly string[] | null, now = Date.now()): void {
    let m = this.byRobot.get(robotId);
    const old = m?.get(kind);
    if (!details || details.length === 0) {
      if (old) {
        m!.delete(kind);
        this.version++;
      }
      return;
    }
    const capped = details.slice(0, MAX_DETAILS);
    if (old && old.details.join('\n') === capped.join('\n')) return;
    if (!m) this.byRobot.set(robotId, (m = new Map()));
    m.set(kind, { kind, at: now, details: capped });
    this.version++;
  }

  list(robotId: string): SceneProblem[] {
    return [...(this.byRobot.get(robotId)?.values() ?? [])];
  }

  clear(robotId: string): void {
    if (this.byRobot.delete(robotId)) this.version++;
  }
}

/** The page's one list (robots are the fleet's, whichever view draws them). */
export const sceneProblems = new SceneProblems();
