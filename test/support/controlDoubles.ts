// Shared by the control tests: an in-memory audit repository that records what is appended, and the test
// for a zero twist on /cmd_vel.
import type { AuditEntry, AuditRepo } from '../../src/features/control/auditRepo';

/** An audit repository whose appended entries are in `entries` (clear it between tests with `entries.length = 0`). */
export function memoryAuditRepo(): { repo: AuditRepo; entries: Omit<AuditEntry, 'id'>[] } {
  const entries: Omit<AuditEntry, 'id'>[] = [];
  const repo: AuditRepo = {
    append: async (e) => {
      entries.push(e);
      return entries.length;
    },
    list: async () => [],
    onAppend: () => () => {},
    verify: async () => ({ ok: true, count: entries.length, legacy: 0, head: '' }),
    exportChain: async () => ({ format: 'operator-console/audit-trail@1', exportedAt: 0, head: '', records: [] }),
    clear: async () => {},
    applyFromHub: async () => 0,
  };
  return { repo, entries };
}

/** A geometry_msgs/Twist with no forward and no turning speed. */
export function isZeroTwist(m: unknown): boolean {
  const t = m as { linear: { x: number }; angular: { z: number } };
  return t.linear.x === 0 && t.angular.z === 0;
}
