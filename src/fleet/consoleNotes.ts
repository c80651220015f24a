// Facts the console itself learned about a robot (not problems of its link), shown with the robot's Problems:
// e.g. "this robot does not arbitrate control: consoles do". Keyed per robot and note id; set once, not per message.

export interface ConsoleNote {
  /** Stable id of the fact, e.g. "arbitration". */
  id: string;
  /** Epoch ms when it was noted. */
  at: number;
  /** A UI text key and its parameters (features/fleet shows it translated). */
  textKey: string;
  params?: Record<string, string>;
}

const notes = new Map<string, Map<string, ConsoleNote>>();

/** Sets (or with `undefined` removes) one note about a robot. */
export function setConsoleNote(robotId: string, id: string, note: Omit<ConsoleNote, 'id'> | undefined): void {
  let byId = notes.get(robotId);
  if (!note) {
    byId?.delete(id);
    return;
  }
  if (!byId) notes.set(robotId, (byId = new Map()));
  byId.set(id, { ...note, id });
}

export function consoleNotes(robotId: string): ConsoleNote[] {
  return [...(notes.get(robotId)?.values() ?? [])];
}
