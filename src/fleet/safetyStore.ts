// Every robot's safety view (safetyModel.ts), for the fleet cards, the 3D labels, the teleop and task panels.
// Fed by the control feature's safety channels (robot topic + consoles' records); changes only on events.
import { create } from 'zustand';
import { applySafety, UNKNOWN_SAFETY, type SafetyEvent, type SafetyView } from './safetyModel';

interface SafetyState {
  views: Record<string, SafetyView>;
  /** This console's id, so a view can say "stopped from this console". */
  consoleId?: string;
  apply(robotId: string, e: SafetyEvent): void;
  forget(robotId: string): void;
}

export const useSafetyStore = create<SafetyState>((set, get) => ({
  views: {},
  apply(robotId, e) {
    const prev = get().views[robotId] ?? UNKNOWN_SAFETY;
    const next = applySafety(prev, e);
    if (next !== prev) set({ views: { ...get().views, [robotId]: next } });
  },
  forget(robotId) {
    const views = { ...get().views };
    delete views[robotId];
    set({ views });
  },
}));

export function safetyOf(robotId: string): SafetyView {
  return useSafetyStore.getState().views[robotId] ?? UNKNOWN_SAFETY;
}
