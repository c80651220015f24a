import { describe, expect, it } from 'vitest';
import type { SiteFigures } from '../../../src/contracts';
import { serviceFigures, type ServiceRecords } from '../../../src/features/operations/serviceFigures';
import { chooseFigures, figuresRows } from '../../../src/features/operations/siteFigures';
import { HubError } from '../../../src/sync';

const H = 3_600_000;
const records: ServiceRecords = {
  modes: [
    { robotId: 'local-1', at: 0, mode: 'autonomous' },
    { robotId: 'local-1', at: 2 * H, mode: 'idle' },
  ],
  tasks: [],
  takeovers: [],
  interventions: [],
  incidents: [],
  observed: [{ start: 0, end: 4 * H }],
};
const hubRow = { ...serviceFigures(records, 'site-robot', 0, 4 * H), robotId: 'site-robot' };
const site: SiteFigures = { site: 'plant-1', from: 0, to: 4 * H, computedAt: 4 * H + 5, robots: [hubRow] };

describe('which figures the operations dashboard shows', () => {
  it("shows the hub's site-wide figures when the hub answers", async () => {
    const asked: [number, number][] = [];
    const choice = await chooseFigures(
      async (from, to) => {
        asked.push([from, to]);
        return site;
      },
      0,
      4 * H,
    );
    expect(asked).toEqual([[0, 4 * H]]);
    expect(choice).toEqual({ source: 'hub', site });
    // The hub's robots, not this console's: a robot only another console recorded is in, local-1 is not.
    expect(figuresRows(choice, records, ['local-1'], 0, 4 * H).map((f) => f.robotId)).toEqual(['site-robot']);
  });

  it("falls back to this console's records, with the hub's reason, when the hub does not answer", async () => {
    const choice = await chooseFigures(
      () => Promise.reject(new HubError('unreachable', 0, 'the hub at https://hub:8443 is not reachable (ECONNREFUSED)')),
      0,
      4 * H,
    );
    expect(choice).toEqual({ source: 'local', hubError: 'the hub at https://hub:8443 is not reachable (ECONNREFUSED)' });
    const rows = figuresRows(choice, records, ['fleet-only'], 0, 4 * H);
    expect(rows.map((f) => f.robotId)).toEqual(['fleet-only', 'local-1']);
    expect(rows[1]!.ms).toMatchObject({ autonomous: 2 * H, idle: 2 * H });
  });

  it('computes locally without a note when no hub is configured', async () => {
    expect(await chooseFigures(undefined, 0, H)).toEqual({ source: 'local' });
    expect(await chooseFigures(async () => undefined, 0, H)).toEqual({ source: 'local' });
    expect(figuresRows(undefined, records, [], 0, 4 * H).map((f) => f.robotId)).toEqual(['local-1']);
  });
});
