import { useT } from '../../i18n';
import { getLink } from '../../fleet';
import { RobotText, TEXT_LIMITS, usePolled } from '../../ui';
import { SceneProblemItems, useSceneProblems } from '../../scene';

/** The link's own problems in plain words, newest first: silent topics, service errors, bad frames. */
export function ProblemList({ robotId }: { robotId: string }) {
  const t = useT();
  const problems = usePolled(() => [...(getLink(robotId)?.problems() ?? [])], 1000, robotId);
  const sceneItems = useSceneProblems(robotId);
  if (problems.length === 0 && sceneItems.length === 0) return <p className="muted">{t('problems.none')}</p>;
  return (
    <ul className="problem-list" data-testid="problem-list">
      <SceneProblemItems problems={sceneItems} />
      {problems
        .slice(-50)
        .reverse()
        .map((p, i) => (
          <li key={`${p.at}-${i}`} className={`problem problem-${p.kind}`} data-testid="problem">
            <time>{new Date(p.at).toLocaleTimeString()}</time> <RobotText text={p.message} max={TEXT_LIMITS.text} />
          </li>
        ))}
    </ul>
  );
}
