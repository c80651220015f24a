// Layer toggles: the site map, robots, and one row per marker namespace.

import { useState } from 'react';
import type { LayerRow } from './sceneUiStore';
import { useSceneText } from './sceneText';

export function LayerList({ layers, onToggle }: { layers: LayerRow[]; onToggle: (id: string, visible: boolean) => void }) {
  const t = useSceneText();
  const [open, setOpen] = useState(false);
  return (
    <section className="scene-card scene-layers" data-testid="layer-list" aria-label={t('scene.layers')}>
      <button
        type="button"
        className="scene-card-title"
        aria-expanded={open}
        data-testid="layer-list-toggle"
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'} {t('scene.layers')} <span className="muted">({layers.length})</span>
      </button>
      {open && (
        <ul>
          {layers.map((l) => (
            <li key={l.id}>
              <label>
                <input
                  type="checkbox"
                  checked={l.visible}
                  data-testid={`layer-${l.id}`}
                  onChange={(e) => onToggle(l.id, e.target.checked)}
                />
                {l.id === 'grid' ? t('scene.layer.grid') : l.id === 'robots' ? t('scene.layer.robots') : l.label}{' '}
                <span className="muted">({l.count})</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
