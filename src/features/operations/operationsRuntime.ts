// Records each robot's mode once a second (a row only when it changes), from what the console already knows:
// the link's state, whether a person holds control, whether the robot runs a task.
import { allLinks, onLinksChanged } from '../../fleet';
import { useTakeoverStore } from '../control';
import { getTaskEngine } from '../tasks';
import { createModeRepo } from './modeRepo';
import { ModeRecorder, type ModeInputs } from './modeRecorder';
import { createObservationRepo, setLiveSession } from './observationRepo';

/** How often the open session's end moves forward: at most this much observed time is lost to a crash. */
const HEARTBEAT_MS = 10_000;

/** Records that this console is watching, from now until it closes (heartbeat, and once more on pagehide). */
function startObservation(): () => void {
  const repo = createObservationRepo();
  const fail = (err: unknown) => console.error('[operations] could not record the observed time', err);
  const session = repo.begin(Date.now()).catch((err: unknown) => {
    fail(err);
    return undefined;
  });
  const beat = () =>
    void session.then((id) => {
      if (id !== undefined) void repo.extend(id, Date.now()).catch(fail);
    });
  setLiveSession(repo, session);
  const timer = setInterval(beat, HEARTBEAT_MS);
  globalThis.addEventListener?.('pagehide', beat);
  return () => {
    beat();
    setLiveSession(repo, undefined);
    clearInterval(timer);
    globalThis.removeEventListener?.('pagehide', beat);
  };
}

export function startOperations(periodMs = 1000): () => void {
  const repo = createModeRepo();
  const recorder = new ModeRecorder((e) =>
    repo.append(e).catch((err: unknown) => console.error('[operations] could not record a mode change', e, err)),
  );
  let known = new Set<string>();
  const seeded = repo.between(Date.now() - 7 * 86_400_000, Date.now()).then(
    (events) => recorder.seed(events),
    (err: unknown) => console.error('[operations] could not read earlier mode changes', err),
  );

  const observe = () => {
    const now = Date.now();
    const { control } = useTakeoverStore.getState();
    const engine = getTaskEngine();
    const inputs = new Map<string, ModeInputs>();
    for (const [id, link] of allLinks()) {
      inputs.set(id, {
        connected: link.status().state === 'connected',
        teleop: Boolean(control[id]?.holder),
        taskActive: engine?.queue(id).some((t) => t.state === 'active' || t.state === 'dispatched') ?? false,
      });
    }
    for (const id of known) if (!inputs.has(id)) recorder.forget(now, id);
    known = new Set(inputs.keys());
    recorder.observe(now, inputs);
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  const stopObservation = startObservation();
  const offLinks = onLinksChanged(observe);
  void seeded.then(() => {
    observe();
    timer = setInterval(observe, periodMs);
  });
  return () => {
    offLinks();
    stopObservation();
    if (timer) clearInterval(timer);
  };
}
