// On-screen joystick for touch and mouse: pressing is the deadman, the knob's offset from the centre is the
// command (up = forward, left = turn left). Lifting, cancelling or losing the pointer stops the robot.
import { useRef, useState, type PointerEvent } from 'react';
import { useT } from '../../i18n';
import { setJoystickInput } from './teleopManager';

const SIZE = 160;
const KNOB = 48;

export function Joystick({ disabled = false }: { disabled?: boolean }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [knob, setKnob] = useState<{ x: number; y: number } | null>(null);

  const update = (e: PointerEvent<HTMLDivElement>): void => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const radius = (r.width - KNOB) / 2;
    let dx = e.clientX - (r.left + r.width / 2);
    let dy = e.clientY - (r.top + r.height / 2);
    const len = Math.hypot(dx, dy);
    if (len > radius) {
      dx = (dx / len) * radius;
      dy = (dy / len) * radius;
    }
    setKnob({ x: dx, y: dy });
    setJoystickInput({ linear: -dy / radius, angular: -dx / radius });
  };
  const release = (): void => {
    setKnob(null);
    setJoystickInput(null);
  };

  return (
    <div
      ref={ref}
      className="teleop-joystick"
      data-testid="teleop-joystick"
      role="application"
      aria-label={t('teleop.joystick')}
      aria-disabled={disabled}
      style={{
        width: SIZE,
        height: SIZE,
        borderRadius: '50%',
        position: 'relative',
        touchAction: 'none',
        userSelect: 'none',
        opacity: disabled ? 0.5 : 1,
      }}
      onPointerDown={(e) => {
        if (disabled) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        update(e);
      }}
      onPointerMove={(e) => {
        if (knob) update(e);
      }}
      onPointerUp={release}
      onPointerCancel={release}
      onLostPointerCapture={release}
    >
      <div
        className="teleop-joystick-knob"
        style={{
          position: 'absolute',
          width: KNOB,
          height: KNOB,
          borderRadius: '50%',
          left: SIZE / 2 - KNOB / 2 + (knob?.x ?? 0),
          top: SIZE / 2 - KNOB / 2 + (knob?.y ?? 0),
        }}
      />
      <span className="teleop-joystick-hint">{t('teleop.joystick')}</span>
    </div>
  );
}
