// A perceptual "turbo"-like colour ramp as a 256-entry lookup table, shared by the laser/point-cloud layers
// (colour by range, intensity or height) and by the camera panel (16UC1 / 32FC1 depth images). A table keeps the
// per-point cost at one multiply and three reads.

/** Polynomial fit of Google's Turbo colormap (Mikhailov 2019), t in 0..1 -> r,g,b in 0..1. */
function turbo(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  const r = 0.13572138 + x * (4.6153926 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
  const g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
  const b = 0.1066733 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
  const c = (v: number) => Math.min(1, Math.max(0, v));
  return [c(r), c(g), c(b)];
}

/** 256 x RGB, bytes. */
export const TURBO_LUT_U8: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = turbo(i / 255);
    lut[i * 3] = Math.round(r * 255);
    lut[i * 3 + 1] = Math.round(g * 255);
    lut[i * 3 + 2] = Math.round(b * 255);
  }
  return lut;
})();

/** 256 x RGB, floats 0..1 (what three.js vertex colours want). */
export const TURBO_LUT_F32: Float32Array = Float32Array.from(TURBO_LUT_U8, (v) => v / 255);

/** Index into the LUT for `v` mapped from [lo, hi]; values outside are clamped. */
export function lutIndex(v: number, lo: number, hi: number): number {
  const span = hi - lo;
  const t = span > 0 ? (v - lo) / span : 0;
  const i = (t * 255 + 0.5) | 0;
  return i < 0 ? 0 : i > 255 ? 255 : i;
}
