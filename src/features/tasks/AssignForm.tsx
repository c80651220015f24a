// Assign a task: robot, template, and a target picked from the known places (searchable), or the place
// open in the 3D inspector.
import { useMemo, useState } from 'react';
import { useLocale, useT } from '../../i18n';
import { templateLabel } from './templateLabel';
import { shownRobotName, useFleetStore, type RobotEntry } from '../../fleet';
import { placesFor, usePlacesStore, type Place, type PlaceCell } from '../map';
import { useSceneUiStore } from '../../scene';
import type { TaskEngine } from './taskEngine';
import type { TaskTarget } from './taskModel';
import { PlacePicker } from './PlacePicker';
import { flushTaskStore, useTaskStore } from './taskStore';
import type { TaskTemplate } from './templates';

/** The place a fixed-place template goes to: by key, then exact name, then a name containing the word. */
export function findFixedPlace(places: readonly Place[], wanted: string): Place | undefined {
  const w = wanted.trim().toLowerCase();
  return (
    places.find((p) => p.key === wanted) ??
    places.find((p) => p.name.toLowerCase() === w) ??
    places.find((p) => p.name.toLowerCase().split(/\s+/).includes(w)) ??
    places.find((p) => p.type.toLowerCase() === w)
  );
}

export function placeTarget(p: Place): TaskTarget {
  return { kind: 'place', placeKey: p.key, name: p.name, x: p.x, y: p.y, yaw: p.yaw, frame: p.frame };
}

/** A place in an obstacle or unknown area is sent on the second press only: the first one says why (or nothing). */
function placeWarning(t: ReturnType<typeof useT>, target: TaskTarget | undefined, cells: Record<string, PlaceCell>, warned?: string) {
  const risky = target?.kind === 'place' ? cells[target.placeKey] : undefined;
  if (!risky || target?.kind !== 'place' || warned === target.placeKey) return undefined;
  return t(risky === 'occupied' ? 'places.confirmOccupied' : 'places.confirmUnknown', { name: target.name });
}

/** The robot list: each robot once, by its label (name, plus its address when names collide). */
function RobotSelect({ robots, value, onChange }: { robots: readonly RobotEntry[]; value?: string; onChange(id: string): void }) {
  const t = useT();
  return (
    <label>
      <span>{t('tasks.assign.robot')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="task-robot">
        {robots.map((r) => (
          <option key={r.id} value={r.id}>
            {shownRobotName(robots, r.id)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AssignForm({ engine, defaultRobotId }: { engine: TaskEngine; defaultRobotId?: string }) {
  const t = useT();
  const robots = useFleetStore((s) => s.robots);
  const templates = useTaskStore((s) => s.templates);
  const allPlaces = usePlacesStore((s) => s.places);
  const inspectedKey = useSceneUiStore((s) => s.inspectedKey);
  const [robotId, setRobotId] = useState<string | undefined>(undefined);
  const [templateId, setTemplateId] = useState<string>('go-to-place');
  const [query, setQuery] = useState('');
  const [placeKey, setPlaceKey] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const cells = usePlacesStore((s) => s.cells);
  /** The place in an obstacle or unknown area the operator was warned about: a second press sends it. */
  const [warned, setWarned] = useState<string | undefined>(undefined);

  const robot = robotId && robots.some((r) => r.id === robotId) ? robotId : (defaultRobotId ?? robots[0]?.id);
  // Only the places this robot can use: the ones it (or the site map it shares) published.
  const places = useMemo(() => (robot ? placesFor(allPlaces, robot) : []), [allPlaces, robot]);
  const tpl: TaskTemplate | undefined = templates.find((x) => x.id === templateId) ?? templates[0];
  const fixed = tpl?.fixedPlace ? findFixedPlace(places, tpl.fixedPlace) : undefined;
  const chosen = places.find((p) => p.key === placeKey);
  const inspected = inspectedKey ? places.find((p) => p.key === inspectedKey) : undefined;

  const target: TaskTarget | undefined =
    tpl?.target === 'none' ? undefined : fixed ? placeTarget(fixed) : chosen ? placeTarget(chosen) : undefined;

  const submit = () => {
    if (!robot || !tpl) return;
    const warning = placeWarning(t, target, cells, warned);
    setWarned(warning && target?.kind === 'place' ? target.placeKey : undefined);
    if (warning) return setMessage({ ok: false, text: warning });
    const r = engine.assign({ robotId: robot, templateId: tpl.id, target });
    flushTaskStore();
    if (!r.ok) {
      setMessage({ ok: false, text: r.error });
      return;
    }
    const name = shownRobotName(robots, robot);
    setMessage({ ok: true, text: t('tasks.assign.done', { task: templateLabel(useLocale.getState().locale, tpl), robot: name }) });
  };

  if (robots.length === 0) return <p className="muted">{t('tasks.noRobots')}</p>;

  return (
    <form
      className="task-assign"
      data-testid="task-assign"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>{t('tasks.assign.title')}</h3>
      <RobotSelect robots={robots} value={robot} onChange={setRobotId} />
      <label>
        <span>{t('tasks.assign.template')}</span>
        <select value={tpl?.id} onChange={(e) => setTemplateId(e.target.value)} data-testid="task-template">
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {templateLabel(useLocale.getState().locale, x)}
            </option>
          ))}
        </select>
      </label>
      {tpl?.target === 'none' ? (
        <p className="muted">{t('tasks.assign.noTarget')}</p>
      ) : tpl?.fixedPlace ? (
        <p className={fixed ? '' : 'task-error'}>
          {fixed ? t('tasks.assign.fixed', { name: fixed.name }) : t('tasks.assign.fixedMissing', { name: tpl.fixedPlace })}
        </p>
      ) : (
        <PlacePicker places={places} query={query} onQuery={setQuery} placeKey={placeKey} onPick={setPlaceKey} inspected={inspected} />
      )}
      <button type="submit" data-testid="task-assign-button" disabled={!robot || !tpl}>
        {t('tasks.assign.button')}
      </button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'task-error'} data-testid="task-assign-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
