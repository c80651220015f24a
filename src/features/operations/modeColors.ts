import type { SpanMode } from './serviceFigures';

/** One colour per robot mode, shared by the mode timelines, their legend and the outcomes chart. */
export const MODE_COLORS: Record<SpanMode, string> = {
  autonomous: '#3ecf8e',
  teleop: '#f5b94a',
  idle: '#6b7b8c',
  disconnected: '#ff5d5d',
  /** No console watched: a neutral grey, hatched in the timeline, so it never reads as a fault. */
  unobserved: '#39424d',
};
