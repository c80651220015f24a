// Counts of bad input the scene skipped, by kind. Written on the hot path (plain object, no React);
// the warnings badge polls `version` a few times a second and only then copies the counts.

export type SceneWarningKind =
  | 'bad-transform'
  | 'tf-cycle'
  | 'unknown-frame'
  | 'bad-pose'
  | 'absurd-scale'
  | 'too-many-points'
  | 'bad-points'
  | 'bad-marker'
  | 'bad-grid'
  | 'bad-joint-state'
  | 'mesh-placeholder'
  | 'urdf-error';

export const WARNING_TEXT: Record<SceneWarningKind, string> = {
  'bad-transform': 'transforms with NaN/Inf or zero rotation skipped',
  'tf-cycle': 'transforms that would form a loop skipped',
  'unknown-frame': 'objects in frames not connected to the fixed frame',
  'bad-pose': 'markers with NaN/Inf or zero-quaternion poses skipped',
  'absurd-scale': 'markers with absurd scale skipped',
  'too-many-points': 'markers with too many points truncated',
  'bad-points': 'marker points with NaN/Inf dropped',
  'bad-marker': 'malformed markers skipped',
  'bad-grid': 'occupancy grids with bad size/data skipped',
  'bad-joint-state': 'malformed joint states skipped',
  'mesh-placeholder': 'robots with mesh files that could not be loaded (collision or simple shapes shown)',
  'urdf-error': 'robot descriptions that could not be loaded',
};

export interface WarningEntry {
  kind: SceneWarningKind;
  count: number;
  last: string;
}

export class SceneWarnings {
  private counts = new Map<SceneWarningKind, WarningEntry>();
  /** Bumped on every warning; cheap to poll. */
  version = 0;

  warn(kind: SceneWarningKind, detail = ''): void {
    const e = this.counts.get(kind);
    if (e) {
      e.count++;
      e.last = detail;
    } else this.counts.set(kind, { kind, count: 1, last: detail });
    this.version++;
  }

  count(kind: SceneWarningKind): number {
    return this.counts.get(kind)?.count ?? 0;
  }

  total(): number {
    let n = 0;
    for (const e of this.counts.values()) n += e.count;
    return n;
  }

  snapshot(): WarningEntry[] {
    return [...this.counts.values()].map((e) => ({ ...e }));
  }

  clear(): void {
    this.counts.clear();
    this.version++;
  }
}
