import { useEffect, type ReactNode } from 'react';
import { CandidateList, ReviewPanel } from '../features/incidents';
import { create } from 'zustand';
import { useT, type MessageKey } from '../i18n';
import { ProblemList } from '../features/fleet';
import { TopicList } from '../features/fleet';
import { robotLabel, useFleetStore, type RobotEntry } from '../fleet';
import { RobotText, TEXT_LIMITS } from '../ui';
import { AuditTrail, TeleopPanel, useTakeoverStore } from '../features/control';
import { CameraPanel } from '../features/sensors';
import { SensorLayerControls } from '../features/sensors';
import { OperationsDashboard } from '../features/operations';
import { loadServiceRecords } from '../features/operations';
import { SiteProfilePanel } from '../features/siteProfile';
import { TaskBoard } from '../features/tasks';
import { useSiteConfig } from '../features/siteProfile';
import { HubPanel } from './HubPanel';
import { loadHubFigures } from './hubRuntime';

function Operations() {
  const t = useT();
  const shifts = useSiteConfig((s) => s.shifts);
  const timeZone = useSiteConfig((s) => s.timeZone);
  const siteName = useSiteConfig((s) => s.siteName);
  const { wide, setWide } = usePanelStore();
  const toggle = (
    <button data-testid="ops-wide" aria-pressed={wide} onClick={() => setWide(!wide)}>
      {t(wide ? 'ops.sideWidth' : 'ops.fullWidth')}
    </button>
  );
  return (
    <OperationsDashboard
      shifts={shifts}
      timeZone={timeZone || undefined}
      siteName={siteName || undefined}
      loadRecords={loadServiceRecords}
      loadSiteFigures={loadHubFigures}
      toolbarExtra={toggle}
    />
  );
}

// The side panel is the capabilities' room: each tab is one feature's panel. Robot tabs need a selected
// robot; fleet tabs do not.
interface TabDef {
  id: string;
  label: MessageKey;
  render(robot: RobotEntry | undefined): ReactNode;
  needsRobot?: boolean;
}

const TABS: TabDef[] = [
  { id: 'tasks', label: 'tasks.title', render: () => <TaskBoard /> },
  { id: 'teleop', label: 'teleop.title', render: () => <TeleopPanel /> },
  {
    id: 'camera',
    label: 'camera.title',
    needsRobot: true,
    render: (r) =>
      r && (
        <>
          <CameraPanel robotId={r.id} />
          <SensorLayerControls robotId={r.id} />
        </>
      ),
  },
  { id: 'topics', label: 'topics.title', needsRobot: true, render: (r) => r && <TopicList robotId={r.id} /> },
  { id: 'problems', label: 'problems.title', needsRobot: true, render: (r) => r && <ProblemList robotId={r.id} /> },
  { id: 'audit', label: 'audit.title', render: () => <AuditTrail /> },
  { id: 'candidates', label: 'incidents.candidates.title', render: () => <CandidateList /> },
  { id: 'review', label: 'review.title', render: () => <ReviewPanel /> },
  { id: 'operations', label: 'ops.title', render: () => <Operations /> },
  { id: 'site', label: 'profile.title', render: () => <SiteProfilePanel /> },
  { id: 'hub', label: 'hub.tab', render: () => <HubPanel /> },
];

interface PanelState {
  tab: string;
  setTab(id: string): void;
  /** The operations dashboard takes the workspace's width (the scene keeps a narrow strip). */
  wide: boolean;
  setWide(wide: boolean): void;
}

/** Which tab is open; other features (an approved takeover) may open one. */
export const usePanelStore = create<PanelState>((set) => ({
  tab: 'tasks',
  setTab: (tab) => set({ tab }),
  wide: true,
  setWide: (wide) => set({ wide }),
}));

/** Tabs whose content is a report and may take the full width. */
const WIDE_TABS = new Set(['operations']);

export function SidePanel() {
  const t = useT();
  const { tab, setTab, wide } = usePanelStore();
  const selected = useFleetStore((s) => s.robots.find((r) => r.id === s.selectedId));
  const selectedLabel = useFleetStore((s) => (s.selectedId ? robotLabel(s.robots, s.selectedId) : ''));
  const problemCount = useFleetStore((s) => (s.selectedId ? (s.views[s.selectedId]?.problemCount ?? 0) : 0));
  const focus = useTakeoverStore((s) => s.focus);
  useEffect(() => {
    if (focus) setTab('teleop');
  }, [focus, setTab]);
  const current = TABS.find((tb) => tb.id === tab) ?? TABS[0];
  return (
    <aside className={wide && WIDE_TABS.has(current.id) ? 'side-panel wide' : 'side-panel'} data-testid="side-panel">
      <div role="tablist" className="tabs">
        {TABS.map((tb) => (
          <button key={tb.id} role="tab" aria-selected={current.id === tb.id} data-testid={`tab-${tb.id}`} onClick={() => setTab(tb.id)}>
            {t(tb.label)}
            {tb.id === 'problems' && problemCount > 0 && <span className="badge">{problemCount}</span>}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {current.needsRobot && !selected ? (
          <p className="muted">{t('panel.selectRobot')}</p>
        ) : (
          <>
            {current.needsRobot && selected && (
              <h2 className="panel-title">
                <RobotText text={selectedLabel} max={TEXT_LIMITS.name + 24} />
              </h2>
            )}
            {current.render(selected)}
          </>
        )}
      </div>
    </aside>
  );
}
