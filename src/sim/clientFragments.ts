// Client-sent fragments (op "fragment"), put back together per connection as rosbridge 0.11.17 does.
import { pyStr, type Conn, type Msg } from './protocol';
import type { ServerLog } from './serverLog';

/** rosbridge's --fragment_timeout 600: parts older than this are forgotten. */
const FRAGMENT_TIMEOUT_MS = 600_000;

/** Adds one fragment; returns the whole message text once every part is in, otherwise undefined. */
export function addClientFragment(c: Conn, msg: Msg, log: ServerLog): string | undefined {
  const fid = pyStr(msg.id);
  const total = Math.floor(Number(msg.total));
  const num = Number(msg.num);
  if (!(total > 0) || !(num >= 0) || num >= total || typeof msg.data !== 'string') return undefined;
  const now = performance.now();
  for (const [k, v] of c.frags) if (now - v.t0 > FRAGMENT_TIMEOUT_MS) c.frags.delete(k);
  let f = c.frags.get(fid);
  if (!f) {
    f = { parts: new Array<string | undefined>(total), got: 0, t0: now };
    c.frags.set(fid, f);
  }
  if (f.parts[num] === undefined) f.got++;
  f.parts[num] = msg.data;
  if (f.got < f.parts.length) return undefined;
  c.frags.delete(fid);
  const dur = (performance.now() - f.t0) / 1000;
  log.client(
    c.id,
    undefined,
    'INFO',
    `reconstructed message (ID:${fid}) from ${total} fragments. [duration: ${dur.toExponential(1).replace(/e([+-])(\d)$/, 'e$10$2')} s]`,
  );
  return f.parts.join('');
}
