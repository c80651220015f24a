// The simulated camera's canvas and what it draws with: filled rectangles, colours and a seven-segment clock.

/** RGBA canvas with a 32-bit view for fast fills (little-endian: 0xAABBGGRR). */
export class Raster {
  readonly rgba: Uint8Array;
  readonly px: Uint32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    this.px = new Uint32Array(this.rgba.buffer);
  }

  fillRect(x: number, y: number, w: number, h: number, color: number): void {
    const x0 = Math.max(0, Math.floor(x));
    const y0 = Math.max(0, Math.floor(y));
    const x1 = Math.min(this.width, Math.floor(x + w));
    const y1 = Math.min(this.height, Math.floor(y + h));
    if (x1 <= x0) return;
    for (let yy = y0; yy < y1; yy++) this.px.fill(color, yy * this.width + x0, yy * this.width + x1);
  }
}

export function rgb32(r: number, g: number, b: number): number {
  return ((255 << 24) | ((b & 255) << 16) | ((g & 255) << 8) | (r & 255)) >>> 0;
}

export function hsl32(h: number, s: number, l: number): number {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return rgb32(Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255));
}

// Seven-segment digits: segments a b c d e f g as bits 0..6.
const SEGMENTS = [0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f];

function drawDigit(r: Raster, d: number, x: number, y: number, w: number, h: number, t: number, color: number): void {
  const bits = SEGMENTS[d] ?? 0;
  const hh = h / 2;
  if (bits & 1) r.fillRect(x, y, w, t, color); // a
  if (bits & 2) r.fillRect(x + w - t, y, t, hh, color); // b
  if (bits & 4) r.fillRect(x + w - t, y + hh, t, hh, color); // c
  if (bits & 8) r.fillRect(x, y + h - t, w, t, color); // d
  if (bits & 16) r.fillRect(x, y + hh, t, hh, color); // e
  if (bits & 32) r.fillRect(x, y, t, hh, color); // f
  if (bits & 64) r.fillRect(x, y + hh - t / 2, w, t, color); // g
}

/** Draws "HH:MM:SS.d" (UTC) with its top-left at (x, y); returns the width used. */
export function drawClock(r: Raster, timeMs: number, x: number, y: number, digitH: number, color: number): number {
  const d = new Date(timeMs);
  const tenths = Math.floor((timeMs % 1000) / 100);
  const parts = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  const w = Math.round(digitH * 0.55);
  const t = Math.max(2, Math.round(digitH * 0.12));
  const gap = Math.round(w * 0.35);
  let cx = x;
  parts.forEach((v, i) => {
    drawDigit(r, Math.floor(v / 10), cx, y, w, digitH, t, color);
    cx += w + gap;
    drawDigit(r, v % 10, cx, y, w, digitH, t, color);
    cx += w + gap;
    if (i < 2) {
      r.fillRect(cx, y + digitH * 0.25, t, t, color);
      r.fillRect(cx, y + digitH * 0.7, t, t, color);
      cx += t + gap;
    }
  });
  r.fillRect(cx, y + digitH - t, t, t, color);
  cx += t + gap;
  drawDigit(r, tenths, cx, y, w, digitH, t, color);
  return cx + w - x;
}
