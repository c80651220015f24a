// What a person sees of takeovers: open requests across the fleet, who holds control of each robot,
// which robot is in teleop mode, the operator's name and the last thing that went wrong. Changes only on
// events (a request, a decision, a control change), never per message.
import { create } from 'zustand';
import type { EstopRecord } from './estop';
import type { ControlView, PendingRequest } from './takeoverChannel';
import { loadOperatorName, saveOperatorName } from './consoleIdentity';

export type RobotMode = 'auto' | 'teleop';

/** A problem to show the person; `code` maps to a UI text key in the components. */
export interface TakeoverNotice {
  at: number;
  robotId?: string;
  code:
    | 'held-by-other'
    | 'held-at-hub'
    | 'hub-refused'
    | 'hub-lease-lost'
    | 'unknown-request'
    | 'no-operator'
    | 'no-answer'
    | 'no-link'
    | 'estop-failed';
  holder?: string;
  detail?: string;
}

interface TakeoverState {
  requests: PendingRequest[];
  control: Record<string, ControlView>;
  mode: Record<string, RobotMode>;
  operatorName: string;
  notice?: TakeoverNotice;
  lastEstop?: EstopRecord;
  /** Bumped when an approval asks the UI to show a robot's teleop panel (the side panel may switch tabs on it). */
  focus?: { robotId: string; at: number };
  setOperatorName(name: string): void;
  setNotice(n?: TakeoverNotice): void;
}

export const useTakeoverStore = create<TakeoverState>((set) => ({
  requests: [],
  control: {},
  mode: {},
  operatorName: loadOperatorName(),
  setOperatorName(name) {
    saveOperatorName(name);
    set({ operatorName: name });
  },
  setNotice(notice) {
    set({ notice });
  },
}));
