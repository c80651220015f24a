import type { RobotMode } from './serviceFigures';

/** One colour per robot mode, shared by the mode timelines, their legend and the outcomes chart. */
export const MODE_COLORS: Record<RobotMode, string> = {
  autonomous: '#3ecf8e',
  teleop: '#f5b94a',
  idle: '#6b7b8c',
  disconnected: '#ff5d5d',
};
