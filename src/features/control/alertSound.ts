// An audible alert for a new request: two short WebAudio beeps, no sound files. Browsers only start audio after
// the person has interacted with the page; before that the beep is silently skipped (the banner still shows).

let ctx: AudioContext | undefined;

export function beep(severity: 'info' | 'warning' | 'critical' = 'warning'): void {
  const AC = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!AC) return;
  try {
    ctx ??= new AC();
    if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
    const freq = severity === 'critical' ? 1320 : severity === 'warning' ? 990 : 660;
    const t0 = ctx.currentTime;
    for (let i = 0; i < 2; i++) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = freq;
      const start = t0 + i * 0.22;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.17);
    }
  } catch {
    // No audio device or not allowed yet: the banner is the alert.
  }
}
