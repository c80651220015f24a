// The scene's problems with one robot's data (sceneProblems.ts) as items of that robot's Problems list.
import { usePolled } from '../ui';
import { sceneProblems, type SceneProblem } from './sceneProblems';
import { useSceneText } from './sceneText';

const TITLE = { 'urdf-invalid': 'scene.problem.urdfInvalid', 'meshes-missing': 'scene.problem.meshesMissing' } as const;

/** Polled once a second (the list changes when a description or mesh source does). */
export function useSceneProblems(robotId: string): SceneProblem[] {
  return usePolled(() => sceneProblems.list(robotId), 1000, robotId);
}

export function SceneProblemItems({ problems }: { problems: readonly SceneProblem[] }) {
  const t = useSceneText();
  return (
    <>
      {problems.map((p) => (
        <li key={p.kind} className={`problem problem-${p.kind}`} data-testid="problem" data-kind={p.kind}>
          <time>{new Date(p.at).toLocaleTimeString()}</time> {t(TITLE[p.kind])}
          <ul className="problem-details">
            {p.details.map((d, i) => (
              <li key={i} className="mono" style={{ overflowWrap: 'anywhere' }}>
                {d}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </>
  );
}
