import { describe, expect, it } from 'vitest';
import { shownReason } from '../../../src/features/tasks/TaskRow';

describe('the reason shown beside a task state', () => {
  it('is left out when it only repeats the state (a ROS 2 success says nothing but its status name)', () => {
    expect(shownReason({ state: 'succeeded', stateReason: 'succeeded' })).toBeUndefined();
    expect(shownReason({ state: 'canceled', stateReason: 'Canceled ' })).toBeUndefined();
    expect(shownReason({ state: 'succeeded', stateReason: undefined })).toBeUndefined();
  });
  it("keeps the robot's own words", () => {
    expect(shownReason({ state: 'succeeded', stateReason: 'reached' })).toBe('reached');
    expect(shownReason({ state: 'failed', stateReason: 'path blocked by hazard zone' })).toBe('path blocked by hazard zone');
    expect(shownReason({ state: 'failed', stateReason: 'aborted' })).toBe('aborted');
  });
});
