import { useMemo } from 'react';
import { useT } from '../../i18n';
import { searchPlaces, usePlacesStore, type Place } from '../map';
import { RobotText, shownText, TEXT_LIMITS } from '../../ui';

/** Places listed at once: the first matches of the search (or the first places when nothing is typed). */
const SHOWN = 12;

/**
 * The target of a task with a free target: the place open in the 3D inspector (one click), or one found by
 * name; Enter in the search takes the first match.
 */
export function PlacePicker(p: {
  places: Place[];
  query: string;
  onQuery(q: string): void;
  placeKey: string | undefined;
  onPick(key: string): void;
  inspected: Place | undefined;
}) {
  const t = useT();
  const { places, query, placeKey, inspected } = p;
  const results = useMemo(() => (query.trim() ? searchPlaces(places, query) : places).slice(0, SHOWN), [places, query]);
  const chosen = places.find((x) => x.key === placeKey);
  const cells = usePlacesStore((s) => s.cells);
  return (
    <fieldset className="task-target">
      <legend>{t('tasks.assign.target')}</legend>
      {inspected && inspected.key !== placeKey && (
        <button type="button" onClick={() => p.onPick(inspected.key)} data-testid="task-use-inspected">
          {t('tasks.assign.useSelected', { name: shownText(inspected.name, TEXT_LIMITS.name) })}
        </button>
      )}
      <input
        type="search"
        value={query}
        placeholder={t('tasks.assign.search')}
        aria-label={t('tasks.assign.search')}
        data-testid="task-place-search"
        onChange={(e) => p.onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (results[0]) p.onPick(results[0].key);
          }
        }}
      />
      {places.length === 0 ? (
        <p className="muted">{t('tasks.assign.noPlaces')}</p>
      ) : results.length === 0 ? (
        <p className="muted">{t('tasks.assign.noMatch')}</p>
      ) : (
        <ul className="task-places" role="listbox" aria-label={t('tasks.assign.target')}>
          {results.map((x) => (
            <li key={x.key} role="option" aria-selected={x.key === placeKey}>
              <button type="button" onClick={() => p.onPick(x.key)} data-testid="task-place-option" data-place={x.name}>
                <RobotText text={x.name} max={TEXT_LIMITS.name} />
                {cells[x.key] && (
                  <span className="task-error" data-testid="task-place-cell" data-cell={cells[x.key]}>
                    {' '}
                    — {t(cells[x.key] === 'occupied' ? 'places.cell.occupied' : 'places.cell.unknown')}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && <p data-testid="task-chosen-place">{t('tasks.assign.chosen', { name: shownText(chosen.name, TEXT_LIMITS.name) })}</p>}
    </fieldset>
  );
}
