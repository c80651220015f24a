// One camera's view: frames painted straight onto the canvas by the stream (no React per frame), an overlay
// with the picture's age, rates and a STALE mark, decode errors in words, and a snapshot button.
import { useEffect, useRef } from 'react';
import { formatNumber, useLocale, useT, type MessageKey } from '../../../i18n';
import type { RobotLink } from '../../../ros';
import { useCameraOverlay, type Overlay } from './cameraOverlay';
import { CameraStream, type FrameSink } from './cameraStream';
import { imageAge } from './imageAge';
import type { ImageErrorCode } from './rawImage';
import { canvasToPng, downloadSnapshot, type SnapshotMeta } from './snapshot';

/** Side panel: at most 10 frames/s per camera from the server; teleop (large): every frame. */
const SMALL_THROTTLE_MS = 100;

const ERROR_KEYS: Record<ImageErrorCode, MessageKey> = {
  'bad-size': 'camera.error.bad-size',
  'bad-step': 'camera.error.bad-step',
  'bad-dimensions': 'camera.error.bad-dimensions',
  'too-large': 'camera.error.too-large',
  'unknown-encoding': 'camera.error.unknown-encoding',
  'unknown-format': 'camera.error.unknown-format',
  corrupt: 'camera.error.corrupt',
  'no-data': 'camera.error.no-data',
};

interface ViewProps {
  link: RobotLink;
  robotId: string;
  robotName: string;
  topic: string;
  type: string;
  large: boolean;
  staleMs: number;
  onSnapshot?: (blob: Blob, meta: SnapshotMeta) => void;
}

function canvasPainter(canvas: HTMLCanvasElement): FrameSink {
  const ctx = canvas.getContext('2d');
  return (frame) => {
    if (!ctx) return;
    if (canvas.width !== frame.width) canvas.width = frame.width;
    if (canvas.height !== frame.height) canvas.height = frame.height;
    if (frame.source instanceof ImageData) ctx.putImageData(frame.source, 0, 0);
    else ctx.drawImage(frame.source, 0, 0);
  };
}

/** A PNG of the frame on screen with what is known about it (whose, which topic, stamp, age), or nothing without a frame. */
async function takeSnapshot(canvas: HTMLCanvasElement | null, stream: CameraStream | null, p: ViewProps): Promise<void> {
  const s = stream?.stats();
  if (!canvas || !s?.current) return;
  const blob = await canvasToPng(canvas);
  if (!blob) return;
  const now = Date.now();
  const cur = s.current;
  const age = imageAge({
    now,
    stampMs: cur.stampMs,
    receivedAt: cur.receivedAt,
    clockOffsetMs: p.link.status().clockOffsetMs,
    staleMs: p.staleMs,
  });
  const meta: SnapshotMeta = {
    robotId: p.robotId,
    robotName: p.robotName,
    topic: p.topic,
    frameId: cur.frameId,
    stampMs: cur.stampMs,
    receivedAt: cur.receivedAt,
    takenAt: now,
    width: cur.width,
    height: cur.height,
    ageMs: age.ageMs,
    stale: age.stale,
  };
  (p.onSnapshot ?? downloadSnapshot)(blob, meta);
}

function CameraCaption({ overlay, robotName, topic, staleMs }: { overlay: Overlay; robotName: string; topic: string; staleMs: number }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const staleSeconds = formatNumber(locale, staleMs / 1000, 1);
  return (
    <figcaption className="camera-overlay">
      <span className="camera-robot">{robotName}</span>
      <span className="camera-topic mono">{topic}</span>
      {overlay.hasFrame ? (
        <span className="camera-age" data-testid="camera-age">
          {overlay.fromArrival ? t('camera.ageNoStamp', { s: overlay.ageText }) : t('camera.age', { s: overlay.ageText })}
        </span>
      ) : (
        <span className="camera-waiting">{t('camera.waiting')}</span>
      )}
      <span className="camera-fps" data-testid="camera-fps" title={t('camera.rx', { hz: overlay.rx })}>
        {t('camera.fps', { fps: overlay.fps })}
      </span>
      {overlay.dropped > 0 && <span className="camera-dropped muted">{t('camera.dropped', { n: overlay.dropped })}</span>}
      {overlay.stale && (
        <strong className="camera-stale" data-testid="camera-stale" title={t('camera.staleTitle', { s: staleSeconds })}>
          {t('camera.stale')}
        </strong>
      )}
    </figcaption>
  );
}

export function CameraView(props: ViewProps) {
  const { link, robotName, topic, type, large, staleMs } = props;
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const streamRef = useRef<CameraStream | null>(null);

  useEffect(() => {
    const stream = new CameraStream(link, topic, type, { throttleRate: large ? 0 : SMALL_THROTTLE_MS });
    streamRef.current = stream;
    if (canvasRef.current) stream.setSink(canvasPainter(canvasRef.current));
    return () => {
      stream.close();
      streamRef.current = null;
    };
  }, [link, topic, type, large]);
  const overlay = useCameraOverlay(streamRef, link, staleMs);

  return (
    <figure
      className={`camera-view${overlay.stale ? ' stale' : ''}${large ? ' large' : ''}`}
      data-testid="camera-view"
      data-topic={topic}
      data-stale={overlay.stale ? 'true' : 'false'}
      data-rx-hz={overlay.rxHz}
      data-fps={overlay.fpsNum}
      data-dropped={overlay.dropped}
      data-decode-ms={overlay.decodeMs}
    >
      <canvas ref={canvasRef} className="camera-canvas" data-testid="camera-canvas" width={320} height={240} />
      <CameraCaption overlay={overlay} robotName={robotName} topic={topic} staleMs={staleMs} />
      {overlay.error && (
        <p className="camera-error" role="status" data-testid="camera-error">
          {t(ERROR_KEYS[overlay.error.code] ?? 'camera.error.corrupt', overlay.error.params)}
        </p>
      )}
      <button
        className="camera-snapshot"
        data-testid="camera-snapshot"
        title={t('camera.snapshotTitle')}
        disabled={!overlay.hasFrame}
        onClick={() => void takeSnapshot(canvasRef.current, streamRef.current, props)}
      >
        {t('camera.snapshot')}
      </button>
    </figure>
  );
}
