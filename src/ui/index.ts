// Small UI helpers shared by features (no feature knowledge).
export { isTypingTarget } from './keyboard';
export { formatDuration } from './formatDuration';
export { usePolled } from './usePolled';
