// Services on the simulated robot, and the call_service op as rosbridge 0.11.17 answers it: every failure is a
// service_response with result:false and the error text in `values`, plus a line in the log.
import { FieldTypeMismatch, NonexistentField, populate, toRosJson } from './encoding';
import type { Conn, Msg } from './protocol';
import type { ServerLog } from './serverLog';

/** A service failure: its message goes verbatim into `values` of a result:false service_response. */
export class ServiceFailure extends Error {}

export interface ServiceImpl {
  type: string;
  node: string;
  /** Request message type used to populate/validate args, e.g. std_srvs/SetBoolRequest. */
  reqType?: string;
  handler: (req: Record<string, unknown>) => unknown;
}

export interface ServiceCallContext {
  services: ReadonlyMap<string, ServiceImpl>;
  log: ServerLog;
  sendRaw(c: Conn, data: string): void;
}

export function callService(ctx: ServiceCallContext, c: Conn, msg: Msg, id: string | undefined): void {
  const service = msg.service as string;
  const resolved = service.startsWith('/') ? service : `/${service}`;
  const respond = (values: unknown, result: boolean): void => {
    const out: Msg = { op: 'service_response', service, values, result };
    if (msg.id !== undefined) out.id = msg.id;
    ctx.sendRaw(c, toRosJson(out));
  };
  const fail = (kind: string, text: string): void => {
    ctx.log.client(c.id, id, 'ERROR', `call_service ${kind}: ${text}`);
    respond(text, false);
  };
  const impl = ctx.services.get(resolved);
  if (!impl) {
    fail('InvalidServiceException', `Service ${resolved} does not exist`);
    return;
  }
  let req: Msg;
  try {
    req = populate(impl.reqType ?? '', msg.args ?? []);
  } catch (e) {
    if (e instanceof FieldTypeMismatch || e instanceof NonexistentField) {
      fail(e.kind, e.message);
      return;
    }
    throw e;
  }
  try {
    respond(impl.handler(req), true);
  } catch (e) {
    const text =
      e instanceof ServiceFailure ? e.message : `service [${resolved}] responded with an error: ${String((e as Error).message ?? e)}`;
    fail('Exception', text);
  }
}
