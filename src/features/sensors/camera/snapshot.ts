// The camera snapshot: the frame on screen as a PNG Blob plus what it shows. The incidents feature takes it
// through CameraPanel's onSnapshot; without a taker the PNG is downloaded.

export interface SnapshotMeta {
  robotId: string;
  robotName: string;
  topic: string;
  frameId?: string;
  /** Robot-clock epoch ms of the image (header.stamp), undefined when unstamped. */
  stampMs?: number;
  /** Console epoch ms when the image arrived. */
  receivedAt: number;
  /** Console epoch ms when the snapshot was taken. */
  takenAt: number;
  width: number;
  height: number;
  /** Image age when taken, ms, and whether it was stale then. */
  ageMs: number;
  stale: boolean;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'));
}

export function snapshotFileName(meta: SnapshotMeta): string {
  const when = new Date(meta.takenAt).toISOString().replace(/[:.]/g, '-');
  const safe = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '');
  return `${safe(meta.robotName)}_${safe(meta.topic)}_${when}.png`;
}

export function downloadSnapshot(blob: Blob, meta: SnapshotMeta): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = snapshotFileName(meta);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
