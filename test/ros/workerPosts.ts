import type { FromWorker } from '../../src/ros/transport/workerProtocol';

/** What the link worker posted, one message per entry (a batch counts as the messages it carries). */
export function unbatched(posted: FromWorker[]): Exclude<FromWorker, { t: 'batch' }>[] {
  return posted.flatMap((m) => (m.t === 'batch' ? m.items : [m]));
}
