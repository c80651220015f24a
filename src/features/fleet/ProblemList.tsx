import { useT, type MessageKey } from '../../i18n';
import { consoleNotes, getLink } from '../../fleet';
import { RobotText, TEXT_LIMITS, usePolled } from '../../ui';
import { SceneProblemItems, useSceneProblems } from '../../scene';

/**
 * The link's own problems in plain words, newest first: silent topics, service errors, bad frames; above them
 * what the console itself learned about the robot (e.g. that it does not arbitrate control).
 */
export function ProblemList({ robotId }: { robotId: string }) {
  const t = useT();
  const problems = usePolled(() => [...(getLink(robotId)?.problems() ?? [])], 1000, robotId);
  const sceneItems = useSceneProblems(robotId);
  const notes = usePolled(() => consoleNotes(robotId), 1000, robotId);
  if (problems.length === 0 && notes.length === 0 && sceneItems.length === 0) return <p className="muted">{t('problems.none')}</p>;
  return (
    <ul className="problem-list" data-testid="problem-list">
      {notes.map((n) => (
        <li key={`note-${n.id}`} className="problem problem-note" data-testid="problem" data-note={n.id}>
          <time>{new Date(n.at).toLocaleTimeString()}</time> {t(n.textKey as MessageKey, n.params)}
        </li>
      ))}
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
