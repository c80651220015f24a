import { useMemo } from 'react';
import { ROBOT_LABEL_MAX, shownRobotName, useFleetStore } from '../../../fleet';
import { useIncidentStore } from '../incidentStore';
import { BundleTools } from './BundleTools';
import { EvidenceHolding } from './EvidenceHolding';
import { IncidentTimeline } from './IncidentTimeline';
import { ReviewDetail } from './ReviewDetail';
import { ReviewFilterBar } from './ReviewFilterBar';
import { ReviewList } from './ReviewList';
import { filterIncidents } from './reviewFilter';
import { openIncident, useReviewStore } from './reviewStore';
import { useBundleTransfer } from './useBundleTransfer';
import '../incidents.css';
import { shownText } from '../../../ui';

/** Review mode: timeline, filterable list, export/import; opening an incident shows its replay. */
export function ReviewPanel() {
  const incidents = useIncidentStore((s) => s.incidents);
  const robots = useFleetStore((s) => s.robots);
  const filters = useReviewStore((s) => s.filters);
  const openId = useReviewStore((s) => s.openId);
  // Held here, not in the tools, so an export's progress and an import's outcome outlive opening an incident.
  const transfer = useBundleTransfer();
  const shown = useMemo(() => filterIncidents(incidents, filters), [incidents, filters]);
  const robotIds = useMemo(() => [...new Set([...robots.map((r) => r.id), ...incidents.map((i) => i.robotId)])], [robots, incidents]);
  const robotName = (id: string) =>
    robots.some((r) => r.id === id)
      ? shownRobotName(robots, id)
      : shownText(incidents.find((i) => i.robotId === id)?.robotName ?? id, ROBOT_LABEL_MAX);

  if (openId) return <ReviewDetail />;

  return (
    <div className="review-panel" data-testid="review-panel">
      <ReviewFilterBar robotIds={robotIds} robotName={robotName} />
      <IncidentTimeline incidents={shown} onOpen={(id) => void openIncident(id)} />
      <BundleTools shown={shown} incidents={incidents} transfer={transfer} />
      <EvidenceHolding />
      <ReviewList shown={shown} robotName={robotName} />
    </div>
  );
}
