import type { FromWorker, OneFromWorker } from '../../src/ros/transport/workerProtocol';

/** What the link worker posted, one message per entry (a batch counts as the messages it carries). */
export function unbatched(posted: FromWorker[]): OneFromWorker[] {
  return posted.flatMap((m) => (m.t === 'batch' ? m.items : [m]));
}
