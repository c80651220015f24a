// One RobotLink per robot in the fleet, outside React: the scene and features read links from here,
// the fleet store only mirrors what a person sees (status, latency, battery) at a few Hz.
import { createRobotLink } from '../ros';
import type { RobotLink } from '../ros';

const links = new Map<string, RobotLink>();
let gate: ((url: string) => Promise<unknown>) | undefined;

/**
 * What must agree before a link connects (the desktop shell's allow-list of robot origins, set by the
 * composition root). Links opened afterwards wait for it.
 */
export function setConnectionGate(check: ((url: string) => Promise<unknown>) | undefined): void {
  gate = check;
}

/** `?link=inline` decodes on the UI thread instead of a worker: a switch for benchmarks and diagnosis only. */
function transportFromAddress(): 'inline' | 'worker' | 'auto' {
  const v = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('link');
  return v === 'inline' || v === 'worker' ? v : 'auto';
}
const listeners = new Set<() => void>();

function notify(): void {
  for (const cb of listeners) cb();
}

export function getLink(id: string): RobotLink | undefined {
  return links.get(id);
}

export function allLinks(): ReadonlyMap<string, RobotLink> {
  return links;
}

/** Opens the link for a robot (id = its URL). Throws BadUrlError for an address that is not ws:// or wss://. */
export function openLink(id: string, url: string): RobotLink {
  const existing = links.get(id);
  if (existing) return existing;
  const link = createRobotLink(url, { transport: transportFromAddress(), authorize: gate });
  links.set(id, link);
  notify();
  return link;
}

export function closeLink(id: string): void {
  const link = links.get(id);
  if (!link) return;
  links.delete(id);
  link.close();
  notify();
}

export function onLinksChanged(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}
