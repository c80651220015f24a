// The console id the hub stores with every record: the control feature's per-window id, in the hub's id alphabet.
import { consoleId } from '../features/control';

export function consoleIdForHub(): string {
  return consoleId()
    .replace(/[^\w.:-]/g, '-')
    .slice(0, 160);
}
