// Text labels as canvas-texture sprites (no font files, no network). sizeAttenuation is off, so a label keeps
// the same size on screen at any zoom; `screenHeight` is the label's height as a fraction of the view height
// (approximately, for a 50° field of view).

import * as THREE from 'three';

export interface LabelStyle {
  background?: string;
  color?: string;
  /** Approximate fraction of the viewport height. */
  screenHeight?: number;
  border?: string;
}

const PX = 40;

function draw(text: string, style: LabelStyle): { canvas: HTMLCanvasElement; aspect: number } {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const font = `600 ${PX}px system-ui, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif`;
  ctx.font = font;
  const lines = text.split('\n');
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
  const { canvas, aspect } = draw(text, style);
  mat.map?.dispose();
  const tex = new THREE.CanvasTexture(canvas);
  tex.colorSpace = THREE.SRGBColorSpace;
  tex.anisotropy = 4;
  mat.map = tex;
  mat.needsUpdate = true;
  const lines = text.split('\n').length;
  const h = (style.screenHeight ?? 0.03) * (lines + 0.3);
  sprite.scale.set(h * aspect, h, 1);
  sprite.userData.labelText = text;
}

export function disposeLabel(sprite: THREE.Sprite): void {
  const mat = sprite.material as THREE.SpriteMaterial;
  mat.map?.dispose();
  mat.dispose();
}
