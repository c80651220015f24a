// What a camera view's overlay shows, read from the stream's figures 4 times a second; React re-renders only
// when a shown value changed, never per frame.
import { useEffect, useState, type RefObject } from 'react';
import { formatNumber, useLocale } from '../../../i18n';
import type { RobotLink } from '../../../ros';
import type { CameraStream } from './cameraStream';
import { imageAge } from './imageAge';
import type { ImageErrorCode } from './rawImage';

const OVERLAY_MS = 250;

export interface Overlay {
  hasFrame: boolean;
  ageText: string;
  fromArrival: boolean;
  stale: boolean;
  fps: string;
  rx: string;
  dropped: number;
  /** Raw figures for diagnostics and tests (data- attributes). */
  rxHz: number;
  fpsNum: number;
  decodeMs: number;
  error?: { code: ImageErrorCode; params: Record<string, string | number> };
}

const NO_FRAME: Overlay = {
  hasFrame: false,
  ageText: '',
  fromArrival: false,
  stale: false,
  fps: '',
  rx: '',
  dropped: 0,
  rxHz: 0,
  fpsNum: 0,
  decodeMs: 0,
};

function sameOverlay(a: Overlay, b: Overlay): boolean {
  return (
    a.hasFrame === b.hasFrame &&
    a.ageText === b.ageText &&
    a.fromArrival === b.fromArrival &&
    a.stale === b.stale &&
    a.fps === b.fps &&
    a.rx === b.rx &&
    a.dropped === b.dropped &&
    a.rxHz === b.rxHz &&
    a.fpsNum === b.fpsNum &&
    a.decodeMs === b.decodeMs &&
    a.error?.code === b.error?.code &&
    JSON.stringify(a.error?.params) === JSON.stringify(b.error?.params)
  );
}

export function useCameraOverlay(streamRef: RefObject<CameraStream | null>, link: RobotLink, staleMs: number): Overlay {
  const locale = useLocale((s) => s.locale);
  const [overlay, setOverlay] = useState<Overlay>(NO_FRAME);
  useEffect(() => {
    const update = () => {
      const s = streamRef.current?.stats();
      if (!s) return;
      const cur = s.current;
      const now = Date.now();
      const age = cur
        ? imageAge({ now, stampMs: cur.stampMs, receivedAt: cur.receivedAt, clockOffsetMs: link.status().clockOffsetMs, staleMs })
        : undefined;
      const next: Overlay = {
        hasFrame: !!cur,
        ageText: age ? formatNumber(locale, age.ageMs / 1000, age.ageMs < 10_000 ? 2 : 0) : '',
        fromArrival: age?.fromArrival ?? false,
        stale: age?.stale ?? false,
        fps: formatNumber(locale, s.fps, 1),
        rx: formatNumber(locale, s.rxHz, 1),
        dropped: s.dropped,
        rxHz: Math.round(s.rxHz * 10) / 10,
        fpsNum: Math.round(s.fps * 10) / 10,
        decodeMs: Math.round(s.decodeMs),
        error: s.error as Overlay['error'],
      };
      setOverlay((prev) => (sameOverlay(prev, next) ? prev : next));
    };
    update();
    const timer = setInterval(update, OVERLAY_MS);
    return () => clearInterval(timer);
  }, [streamRef, link, locale, staleMs]);
  return overlay;
}
