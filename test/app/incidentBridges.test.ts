import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../src/storage/db';
import { createIncidentRepo } from '../../src/features/incidents/incidentRepo';
import { bridgeTakeoverCandidates, controlModeOf } from '../../src/app/incidentBridges';
import { startIncidentService, type IncidentService } from '../../src/features/incidents/incidentService';
import { useIncidentStore } from '../../src/features/incidents/incidentStore';
import { useTakeoverStore } from '../../src/features/control/takeoverStore';

let svc: IncidentService | undefined;
afterEach(() => svc?.stop());

describe('bridges from other features', () => {
  it('only critical robot requests become candidates, repeats merge; control mode maps to autonomous/teleop', () => {
    svc = startIncidentService({
      repo: createIncidentRepo(new ConsoleDb(`bridge-${Date.now()}`)),
      followFleet: false,
      getPose: () => null,
      getActiveTask: () => null,
      getControlMode: () => 'unknown',
      captureScreenshot: async () => null,
      tapFor: () => ({ onMessage: () => () => undefined }),
    });
    useIncidentStore.setState({ candidates: [] });
    const stop = bridgeTakeoverCandidates();
    const req = {
      id: 'q1',
      kind: 'help' as const,
      reason: 'blocked by a pallet',
      severity: 'critical' as const,
      robotId: 'r1',
      receivedAt: 5000,
      lastSeenAt: 5000,
      stale: false,
    };
    useTakeoverStore.setState({ requests: [req] });
    useTakeoverStore.setState({ requests: [req] }); // re-sent: still one
    // Asked again under a new id for the same reason: merges into the same candidate.
    useTakeoverStore.setState({ requests: [req, { ...req, id: 'q2', receivedAt: 6000 }] });
    // Below the incident severity: no candidate.
    useTakeoverStore.setState({ requests: [req, { ...req, id: 'q3', severity: 'warning' as const, reason: 'needs confirmation' }] });
    const c = useIncidentStore.getState().candidates;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      robotId: 'r1',
      source: 'request',
      at: 5000,
      title: 'help: blocked by a pallet',
      suggestedSeverity: 'major',
    });
    stop();
    useTakeoverStore.setState({ mode: { r1: 'teleop', r2: 'auto' } });
    expect([controlModeOf('r1'), controlModeOf('r2'), controlModeOf('r3')]).toEqual(['teleop', 'autonomous', 'unknown']);
  });
});
