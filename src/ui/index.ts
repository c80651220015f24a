// Small UI helpers shared by features (no feature knowledge).
export { isTypingTarget } from './keyboard';
export { formatDuration } from './formatDuration';
export { usePolled } from './usePolled';
export { cleanRobotText, robotText, shownText, TEXT_LIMITS, type ShownText, type RobotTextOptions } from './robotText';
export { RobotText, type RobotTextProps } from './RobotText';
