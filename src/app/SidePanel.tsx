import { useState } from 'react';
import { useT, type MessageKey } from '../i18n/i18n';
import { ProblemList } from '../features/fleet/ProblemList';
import { TopicList } from '../features/fleet/TopicList';
import { useFleetStore } from '../features/fleet/fleetStore';

const TABS = [
  { id: 'topics', label: 'topics.title' },
  { id: 'problems', label: 'problems.title' },
] as const satisfies readonly { id: string; label: MessageKey }[];

type TabId = (typeof TABS)[number]['id'];

export function SidePanel() {
  const t = useT();
  const [tab, setTab] = useState<TabId>('topics');
  const selected = useFleetStore((s) => s.robots.find((r) => r.id === s.selectedId));
  const problemCount = useFleetStore((s) => (s.selectedId ? (s.views[s.selectedId]?.problemCount ?? 0) : 0));
  return (
    <aside className="side-panel" data-testid="side-panel">
      <div role="tablist" className="tabs">
        {TABS.map((tb) => (
          <button key={tb.id} role="tab" aria-selected={tab === tb.id} data-testid={`tab-${tb.id}`} onClick={() => setTab(tb.id)}>
            {t(tb.label)}
            {tb.id === 'problems' && problemCount > 0 && <span className="badge">{problemCount}</span>}
          </button>
        ))}
      </div>
      <div className="tab-body">
        {!selected ? (
          <p className="muted">{t('panel.selectRobot')}</p>
        ) : (
          <>
            <h2 className="panel-title">{t('topics.for', { name: selected.name })}</h2>
            {tab === 'topics' ? <TopicList robotId={selected.id} /> : <ProblemList robotId={selected.id} />}
          </>
        )}
      </div>
    </aside>
  );
}
