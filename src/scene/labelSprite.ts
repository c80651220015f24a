// Text labels as canvas-texture sprites (no font files, no network). sizeAttenuation is off, so a label keeps
// the same size on screen at any zoom; `screenHeight` is the label's height as a fraction of the view height
// (approximately, for a 50° field of view).

import * as THREE from 'three';
import { robotText, TEXT_LIMITS } from '../ui';

export interface LabelStyle {
  background?: string;
  color?: string;
  /** Approximate fraction of the viewport height. */
  screenHeight?: number;
  border?: string;
}

const PX = 40;
/** A label shows at most this many lines of TEXT_LIMITS.label code points, so no text can make a huge texture. */
export const LABEL_MAX_LINES = 4;

/** The lines a label draws for (robot-supplied) text: cleaned, each cut with an ellipsis, at most LABEL_MAX_LINES. */
export function labelLines(text: string): string[] {
  const lines = robotText(text, TEXT_LIMITS.full, { multiline: true }).text.split('\n');
  const shown = lines.slice(0, LABEL_MAX_LINES).map((l) => robotText(l, TEXT_LIMITS.label).text);
  if (lines.length > LABEL_MAX_LINES) shown[LABEL_MAX_LINES - 1] = robotText(`${shown[LABEL_MAX_LINES - 1]}…`, TEXT_LIMITS.label).text;
  return shown.length ? shown : [''];
}

function draw(lines: readonly string[], style: LabelStyle): { canvas: HTMLCanvasElement; aspect: number } {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const font = `600 ${PX}px system-ui, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif`;
  ctx.font = font;
  const w = Math.ceil(Math.max(...lines.map((l) => ctx.measureText(l).width))) + PX;
  const h = Math.ceil(lines.length * PX * 1.25 + PX * 0.35);
  canvas.width = w;
  canvas.height = h;
  ctx.font = font;
  const bg = style.background ?? 'rgba(20,24,28,0.82)';
  const r = PX * 0.3;
  ctx.fillStyle = bg;
  ctx.beginPath();
  ctx.roundRect(2, 2, w - 4, h - 4, r);
  ctx.fill();
  if (style.border) {
    ctx.lineWidth = 4;
    ctx.strokeStyle = style.border;
    ctx.stroke();
  }
  ctx.fillStyle = style.color ?? '#ffffff';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  lines.forEach((l, i) => ctx.fillText(l, w / 2, PX * 0.175 + PX * 1.25 * (i + 0.5)));
  return { canvas, aspect: w / h };
}

export function makeLabel(text: string, style: LabelStyle = {}): THREE.Sprite {
  const mat = new THREE.SpriteMaterial({ sizeAttenuation: false, depthTest: false, transparent: true });
  const sprite = new THREE.Sprite(mat);
  sprite.center.set(0.5, 0);
  sprite.renderOrder = 10;
  setLabelText(sprite, text, style);
  return sprite;
}

/** Redraws the label; call only when the text or style changed. */
export function setLabelText(sprite: THREE.Sprite, text: string, style: LabelStyle = {}): void {
  const mat = sprite.material as THREE.SpriteMaterial;
  const lines = labelLines(text);
  const { canvas, aspect } = draw(lines, style);
  mat.map?.dispose();
  const tex = new THREE.CanvasTexture(canvas);
  tex.colorSpace = THREE.SRGBColorSpace;
  tex.anisotropy = 4;
  mat.map = tex;
  mat.needsUpdate = true;
  const h = (style.screenHeight ?? 0.03) * (lines.length + 0.3);
  sprite.scale.set(h * aspect, h, 1);
  sprite.userData.labelText = lines.join('\n');
  sprite.userData.fullText = robotText(text, TEXT_LIMITS.full, { multiline: true }).full;
}

export function disposeLabel(sprite: THREE.Sprite): void {
  const mat = sprite.material as THREE.SpriteMaterial;
  mat.map?.dispose();
  mat.dispose();
}
