import type { CallFn } from './rosapi';
import type { LinkCapabilities, LinkCapability, RobotLink, RosDialect } from './types';

/** What every rosbridge offers (ROS 1 0.11.x and ROS 2), before the robot has told us more. */
const BASE: readonly LinkCapability[] = ['subscribe', 'advertise', 'callServices', 'cbor', 'png', 'tap'];

export const UNDETECTED: LinkCapabilities = Object.freeze({ detected: false, dialect: 'unknown', rosapi: false, list: BASE });

export function capabilitiesFor(dialect: RosDialect, services: readonly string[], distro?: string): LinkCapabilities {
  const has = (s: string) => services.includes(s);
  const list: LinkCapability[] = [...BASE];
  const rosapi = services.some((s) => s.startsWith('/rosapi/'));
  if (has('/rosapi/get_param')) list.push('getParameters');
  if (has('/rosapi/publishers')) list.push('publishersLookup');
  if (dialect === 'ros2') list.push('actions');
  if (dialect === 'ros1') list.push('actionlibTopics', 'cborRaw');
  const caps: LinkCapabilities = { detected: true, dialect, rosapi, list };
  if (distro !== undefined && distro !== '') caps.distro = distro;
  return caps;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Ask the robot's rosapi what it is. ROS 2 rosapi offers get_ros_version ({version, distro}); ROS 1 rosapi
 * 0.11.x does not (its service list is recorded in test/fixtures/rosbridge/01). Rejects when rosapi does
 * not answer.
 */
export async function detectCapabilities(call: CallFn, timeoutMs = 5000): Promise<LinkCapabilities> {
  const services = strings(
    ((await call('/rosapi/services', 'rosapi/Services', {}, timeoutMs)) as { services?: unknown } | undefined)?.services,
  );
  if (services.includes('/rosapi/get_ros_version')) {
    const v = (await call('/rosapi/get_ros_version', 'rosapi_msgs/srv/GetROSVersion', {}, timeoutMs).catch(() => undefined)) as
      { version?: unknown; distro?: unknown } | undefined;
    const dialect: RosDialect = v?.version === 1 ? 'ros1' : 'ros2';
    return capabilitiesFor(dialect, services, typeof v?.distro === 'string' ? v.distro : undefined);
  }
  return capabilitiesFor(services.length > 0 ? 'ros1' : 'unknown', services);
}

/** A link's declared capabilities; links without the method (replays, fakes) declare what every rosbridge has. */
export function capabilitiesOf(link: RobotLink): LinkCapabilities {
  return link.capabilities?.() ?? UNDETECTED;
}

export function hasCapability(link: RobotLink, c: LinkCapability): boolean {
  return capabilitiesOf(link).list.includes(c);
}

/** How long something that needs the capabilities waits for their detection on a fresh connection. */
const READY_WAIT_MS = 3000;

/** The link's capabilities: detected on every connection, with listeners and a wait for the first answer. */
export class CapabilityTracker {
  private caps: LinkCapabilities = UNDETECTED;
  private readonly listeners = new Set<(c: LinkCapabilities) => void>();

  constructor(private readonly enabled: boolean) {}

  get(): LinkCapabilities {
    return this.caps;
  }

  subscribe(cb: (c: LinkCapabilities) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Ask rosapi again (a robot may have been replaced behind the same address). */
  detect(call: CallFn, stillWanted: () => boolean): void {
    if (!this.enabled) return;
    detectCapabilities(call).then(
      (caps) => {
        if (!stillWanted()) return;
        this.caps = caps;
        for (const cb of this.listeners) {
          try {
            cb(caps);
          } catch (e) {
            console.error('robot link: capabilities listener threw', e);
          }
        }
      },
      () => {
        // rosapi did not answer: what is known stays (the latency probe reports a missing rosapi)
      },
    );
  }

  /** The capabilities once detected, or what is known after a short wait. */
  ready(): Promise<LinkCapabilities> {
    if (this.caps.detected || !this.enabled) return Promise.resolve(this.caps);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), READY_WAIT_MS);
      const off = this.subscribe(() => finish());
      const finish = () => {
        clearTimeout(timer);
        off();
        resolve(this.caps);
      };
    });
  }
}
