// The robot's "server log": lines formatted like rosbridge_websocket / rospy logs in the fixtures'
// .server.log files, kept in a bounded in-memory list and optionally forwarded.

const now = (): number => performance.timeOrigin + performance.now();

function rospyStamp(ms: number): string {
  return (ms / 1000).toFixed(6);
}

function twistedDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+0000`;
}

export class ServerLog {
  readonly lines: string[] = [];
  constructor(
    private readonly max = 2000,
    private readonly sink?: (line: string) => void,
  ) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    this.sink?.(line);
  }

  /** `[rosbridge_websocket] <date> [-] [LEVEL] [stamp]: text` */
  bridge(level: string, text: string): void {
    const t = now();
    this.push(`[rosbridge_websocket] ${twistedDate(t)} [-] [${level}] [${rospyStamp(t)}]: ${text}`);
  }

  /** Same, prefixed `[Client N] [id: X] ` like rosbridge's protocol.log. */
  client(clientId: number, id: string | undefined, level: string, text: string): void {
    this.bridge(level, `[Client ${clientId}] ${id !== undefined ? `[id: ${id}] ` : ''}${text}`);
  }

  /** A bare twisted line (e.g. "ROS path [0]=..."). */
  plain(text: string): void {
    this.push(`[rosbridge_websocket] ${twistedDate(now())} [-] ${text}`);
  }

  /** `[robot] [LEVEL] [stamp]: text` (the robot node's own rospy log). */
  robot(level: string, text: string): void {
    this.push(`[robot] [${level}] [${rospyStamp(now())}]: ${text}`);
  }
}
