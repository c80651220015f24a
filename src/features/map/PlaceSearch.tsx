// Find a place by name; choosing one (click or Enter) flies the camera there and opens its inspector.

import { useMemo, useState } from 'react';
import { useSceneText } from '../../scene';
import { searchPlaces, usePlacesStore, type Place } from './placesStore';
import { RobotText, TEXT_LIMITS } from '../../ui';

export function PlaceSearch({ onChoose }: { onChoose: (p: Place) => void }) {
  const t = useSceneText();
  const places = usePlacesStore((s) => s.places);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => searchPlaces(places, query).slice(0, 8), [places, query]);
  const choose = (p: Place | undefined) => {
    if (!p) return;
    onChoose(p);
    setQuery('');
    setActive(0);
  };
  return (
    <div className="scene-search" role="search">
      <input
        type="search"
        value={query}
        placeholder={t('scene.searchPlaceholder')}
        aria-label={t('scene.search')}
        data-testid="place-search"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls="scene-search-results"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') choose(results[active]);
          else if (e.key === 'Escape') setQuery('');
          else return;
          e.preventDefault();
        }}
      />
      {query.trim() && (
        <ul id="scene-search-results" role="listbox" data-testid="place-search-results" className="scene-card">
          {results.length === 0 && <li className="muted">{t('scene.noMatch')}</li>}
          {results.map((p, i) => (
            <li key={p.key} role="option" aria-selected={i === active}>
              <button type="button" onClick={() => choose(p)} data-testid="place-search-result">
                <RobotText text={p.name} max={TEXT_LIMITS.name} /> <RobotText className="muted" text={p.ns} max={TEXT_LIMITS.name} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
