// Generates build/icon.png (512x512 RGBA), the app icon electron-builder uses for every platform
// (it derives .ico/.icns from it). Run: npx tsx build/make-icon.ts
// Design: a dark rounded square with a teal radar ring, a white navigation arrow (the robot) in the
// middle and three coloured dots on the ring (the fleet). Anti-aliased by 4x4 supersampling.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';

export const SIZE = 512;
const SS = 4; // subsamples per axis
type RGBA = [number, number, number, number];

function insideRoundedSquare(x: number, y: number, margin: number, radius: number): boolean {
  const lo = margin;
  const hi = SIZE - margin;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insidePolygon(x: number, y: number, pts: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const C = SIZE / 2;
const ARROW: ReadonlyArray<readonly [number, number]> = [
  [C, 138],
  [C + 84, 350],
  [C, 304],
  [C - 84, 350],
];
const DOTS: Array<{ angle: number; color: RGBA }> = [
  { angle: -30, color: [245, 158, 11, 255] }, // amber
  { angle: 90, color: [56, 189, 248, 255] }, // sky
  { angle: 210, color: [74, 222, 128, 255] }, // green
];

/** Colour of one subsample, painter's order. */
function sample(x: number, y: number): RGBA {
  if (!insideRoundedSquare(x, y, 16, 96)) return [0, 0, 0, 0];
  const t = y / SIZE;
  let px: RGBA = [Math.round(15 + 10 * t), Math.round(27 + 25 * t), Math.round(45 + 40 * t), 255];
  const r = Math.hypot(x - C, y - C);
  const blend = (c: RGBA, a: number): void => {
    px = [px[0] + (c[0] - px[0]) * a, px[1] + (c[1] - px[1]) * a, px[2] + (c[2] - px[2]) * a, 255];
  };
  const teal: RGBA = [45, 212, 191, 255];
  if (Math.abs(x - C) < 2 && r < 190) blend(teal, 0.25); // crosshair
  if (Math.abs(y - C) < 2 && r < 190) blend(teal, 0.25);
  if (Math.abs(r - 110) < 4) blend(teal, 0.55); // inner ring
  if (Math.abs(r - 176) < 9) blend(teal, 1); // outer ring
  for (const d of DOTS) {
    const a = (d.angle * Math.PI) / 180;
    const dx = C + 176 * Math.cos(a);
    const dy = C + 176 * Math.sin(a);
    const dr = Math.hypot(x - dx, y - dy);
    if (dr < 30) blend([15, 27, 45, 255], 1); // dark halo separates dot from ring
    if (dr < 22) blend(d.color, 1);
  }
  if (insidePolygon(x, y, ARROW)) blend([248, 250, 252, 255], 1);
  return px;
}

export function renderIcon(): Uint8Array {
  const data = new Uint8Array(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const s = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
          // premultiplied accumulation so transparent corners don't darken edges
          r += s[0] * s[3];
          g += s[1] * s[3];
          b += s[2] * s[3];
          a += s[3];
        }
      }
      const o = (py * SIZE + px) * 4;
      data[o] = a ? Math.round(r / a) : 0;
      data[o + 1] = a ? Math.round(g / a) : 0;
      data[o + 2] = a ? Math.round(b / a) : 0;
      data[o + 3] = Math.round(a / (SS * SS));
    }
  }
  return data;
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const png = encode({ width: SIZE, height: SIZE, data: renderIcon(), channels: 4, depth: 8 });
  writeFileSync(join(here, 'icon.png'), png);
  console.log(`wrote ${join(here, 'icon.png')} (${png.length} bytes)`);
}
