// Per robot, the little the fleet strip needs from the link: its battery (throttled by the server) and its
// name (/robot/name param, asked again after every reconnect). Everything else is read by pollFleet().
import type { RobotLink } from '../ros';
import { allLinks, onLinksChanged } from './fleetLinks';
import { pollFleet, useFleetStore } from './fleetStore';

const watched = new Map<RobotLink, () => void>();

function watch(id: string, link: RobotLink): () => void {
  const offBattery = link.subscribe('/battery', { type: 'sensor_msgs/BatteryState', throttleRate: 1000, queueLength: 1 }, () => {});
  let askedForThisConnection = false;
  const askName = (): void => {
    link
      .getParam<string>('/robot/name')
      .then((name) => {
        if (typeof name === 'string' && name.trim()) useFleetStore.getState().rename(id, name.trim());
      })
      .catch((err: unknown) => console.info(`[fleet] ${id}: no /robot/name (${String(err)})`));
  };
  const offStatus = link.onStatus((s) => {
    if (s.state === 'connected' && !askedForThisConnection) {
      askedForThisConnection = true;
      askName();
    } else if (s.state !== 'connected') {
      askedForThisConnection = false;
    }
  });
  if (link.status().state === 'connected') {
    askedForThisConnection = true;
    askName();
  }
  return () => {
    offBattery();
    offStatus();
  };
}

function sync(): void {
  const current = allLinks();
  for (const [link, stop] of watched) {
    if (![...current.values()].includes(link)) {
      stop();
      watched.delete(link);
    }
  }
  for (const [id, link] of current) {
    if (!watched.has(link)) watched.set(link, watch(id, link));
  }
}

/** Starts watching the fleet; returns a stop function. The poll rate bounds how often the strip re-renders. */
export function startFleetWatcher(pollMs = 500): () => void {
  sync();
  const offLinks = onLinksChanged(sync);
  const timer = setInterval(pollFleet, pollMs);
  return () => {
    offLinks();
    clearInterval(timer);
    for (const stop of watched.values()) stop();
    watched.clear();
  };
}
