import { describe, expect, it } from 'vitest';
import { robotLabel, robotLabels } from '../../src/fleet/robotIdentity';

const bot = (url: string, name = 'harness_bot') => ({ id: url, url, name });

describe('robot identity', () => {
  it('shows a unique name as it is', () => {
    const labels = robotLabels([bot('ws://10.0.0.5:9090', 'alpha'), bot('ws://10.0.0.6:9090', 'beta')]);
    expect([...labels.values()]).toEqual(['alpha', 'beta']);
  });

  it('adds the host when two robots report the same name', () => {
    const labels = robotLabels([bot('ws://10.0.0.5:9090'), bot('ws://10.0.0.6:9090'), bot('ws://10.0.0.7:9090', 'other')]);
    expect(labels.get('ws://10.0.0.5:9090')).toBe('harness_bot @ 10.0.0.5');
    expect(labels.get('ws://10.0.0.6:9090')).toBe('harness_bot @ 10.0.0.6');
    expect(labels.get('ws://10.0.0.7:9090')).toBe('other');
  });

  it('adds the port when the hosts are the same too, and the path when even that is', () => {
    const byPort = robotLabels([bot('ws://127.0.0.1:9090'), bot('ws://127.0.0.1:9091')]);
    expect([...byPort.values()]).toEqual(['harness_bot @ 127.0.0.1:9090', 'harness_bot @ 127.0.0.1:9091']);
    const byPath = robotLabels([bot('ws://h:9090/a'), bot('ws://h:9090/b')]);
    expect([...byPath.values()]).toEqual(['harness_bot @ h:9090/a', 'harness_bot @ h:9090/b']);
  });

  it('compares names as shown: a bidi override or case does not make two names different', () => {
    const labels = robotLabels([bot('ws://10.0.0.5:9090', '\u202Eharness_bot'), bot('ws://10.0.0.6:9090', 'Harness_Bot ')]);
    expect(labels.get('ws://10.0.0.5:9090')).toContain('@ 10.0.0.5');
    expect(labels.get('ws://10.0.0.6:9090')).toContain('@ 10.0.0.6');
  });

  it('names a robot no longer in the list by its id', () => {
    expect(robotLabel([], 'ws://gone:9090')).toBe('ws://gone:9090');
  });
});
