// A robot-supplied text in the layout: cleaned and cut by robotText(), isolated from the surrounding direction
// (<bdi>), wrapped anywhere so no line can widen its panel, and the full text on hover when cut.
import { robotText, TEXT_LIMITS, type RobotTextOptions } from './robotText';
import './robotText.css';

export interface RobotTextProps extends RobotTextOptions {
  text: unknown;
  /** Code points shown in place (default: one line's worth). */
  max?: number;
  className?: string;
  'data-testid'?: string;
}

export function RobotText({ text, max = TEXT_LIMITS.line, multiline, className, 'data-testid': testId }: RobotTextProps) {
  const s = robotText(text, max, { multiline });
  return (
    <bdi
      className={`robot-text${multiline ? ' multiline' : ''}${className ? ` ${className}` : ''}`}
      title={s.cut ? s.full : undefined}
      data-cut={s.cut ? 'true' : undefined}
      data-testid={testId}
    >
      {s.text}
    </bdi>
  );
}
