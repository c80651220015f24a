import type { Incident } from '../../../src/features/incidents/types';

export function sampleIncident(id: string, at = 1_700_000_000_000): Incident {
  return {
    id,
    at,
    createdAt: at,
    updatedAt: at,
    robotId: 'ws://127.0.0.1:9090',
    robotName: 'r1',
    person: 'Li Wei',
    source: 'manual',
    category: null,
    severity: null,
    tags: [],
    note: '',
    pose: { frame: 'map', x: 1, y: 2, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 },
    task: { id: 't1', name: 'Deliver' },
    controlMode: 'autonomous',
    labelState: 'draft',
    reviewed: false,
    clipState: 'pending',
    clipStart: at - 20_000,
    clipEnd: at + 10_000,
  };
}
