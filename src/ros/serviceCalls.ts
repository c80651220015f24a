import { Service, type Ros } from 'roslib';
import { ServiceError } from './types';

interface PendingCall {
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface ServiceCallerHost {
  ros(): Ros;
  /** Resolves once connected; rejects when the link failed or closed, or after `timeoutMs`. */
  waitConnected(timeoutMs: number): Promise<void>;
  report(kind: 'timeout' | 'service-error', text: string, key?: string): void;
}

/** Approximate bytes one pending call holds (roslib's listener, our record, the timer). */
const PENDING_CALL_BYTES = 512;

/**
 * rosbridge service calls with a deadline, each answer or failure settling exactly once. Calls still
 * waiting when the connection ends are rejected: rosbridge never answers them on a new connection.
 */
export class ServiceCaller {
  private readonly pending = new Set<PendingCall>();

  constructor(private readonly host: ServiceCallerHost) {}

  get count(): number {
    return this.pending.size;
  }

  bytes(): number {
    return this.pending.size * PENDING_CALL_BYTES;
  }

  rejectAll(reason: string): void {
    for (const p of [...this.pending]) p.reject(new Error(reason));
  }

  async call(service: string, type: string, args: unknown, timeoutMs: number, report: boolean): Promise<unknown> {
    const started = Date.now();
    await this.host.waitConnected(timeoutMs);
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(pending.timer);
        this.pending.delete(pending);
      };
      const pending: PendingCall = {
        reject: (e) => {
          finish();
          reject(e);
        },
        timer: setTimeout(
          () => {
            const e = new Error(`no answer from ${service} within ${timeoutMs} ms`);
            if (report) this.host.report('timeout', e.message, `timeout|${service}`);
            pending.reject(e);
          },
          Math.max(0, timeoutMs - (Date.now() - started)),
        ),
      };
      this.pending.add(pending);
      new Service({ ros: this.host.ros(), name: service, serviceType: type }).callService(
        args as Record<string, unknown>,
        (values: unknown) => {
          if (!this.pending.has(pending)) return;
          finish();
          resolve(values);
        },
        (err: unknown) => {
          if (!this.pending.has(pending)) return;
          const text = typeof err === 'string' ? err : JSON.stringify(err);
          if (report) this.host.report('service-error', `${service}: ${text}`);
          pending.reject(new ServiceError(service, text));
        },
      );
    });
  }
}
