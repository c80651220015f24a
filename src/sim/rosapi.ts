// rosapi services (ROS 1 rosapi 0.11.17) on top of the simulated graph, reachable as "rosapi/x" and "/rosapi/x".
import { defineType, typedefs } from './msgDefs';
import { ServiceFailure, type RosbridgeServer } from './rosbridgeServer';

/** Python json.dumps (default separators, ensure_ascii) of a JS value, as rosapi's get_param returns it. */
export function pyDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string')
    return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${pyDumps(k)}: ${pyDumps(x)}`)
    .join(', ')}}`;
}

interface RosapiSrv {
  name: string;
  type: string;
  req: string;
  fn: (req: Record<string, unknown>) => unknown;
}

function normName(n: string): string {
  const s = n.startsWith('/') ? n : `/${n}`;
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}

export function registerLoggers(server: RosbridgeServer, node: string): void {
  defineType('roscpp/GetLoggersRequest', '');
  defineType('roscpp/SetLoggerLevelRequest', 'string logger\nstring level');
  server.services.set(`${node}/get_loggers`, {
    type: 'roscpp/GetLoggers',
    node,
    reqType: 'roscpp/GetLoggersRequest',
    handler: () => ({ loggers: [] }),
  });
  server.services.set(`${node}/set_logger_level`, {
    type: 'roscpp/SetLoggerLevel',
    node,
    reqType: 'roscpp/SetLoggerLevelRequest',
    handler: () => ({}),
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function topicsOf(server: RosbridgeServer, pred: (t: { type: string }) => boolean = () => true): { topics: string[]; types: string[] } {
  const ts = [...server.topics.values()].filter(pred);
  return { topics: ts.map((t) => t.name), types: ts.map((t) => t.type) };
}

/** A parameter, or the tree of parameters under a namespace (as rosparam returns it). */
function findParam(server: RosbridgeServer, name: string): { found: boolean; value: unknown } {
  const n = normName(name);
  if (server.params.has(n)) return { found: true, value: server.params.get(n) };
  const prefix = n === '/' ? '/' : `${n}/`;
  const tree: Record<string, unknown> = {};
  let found = false;
  for (const [k, v] of server.params) {
    if (!k.startsWith(prefix)) continue;
    found = true;
    const parts = k.slice(prefix.length).split('/');
    let node = tree;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = v;
  }
  return { found, value: found ? tree : undefined };
}

function messageDetails(type: string): unknown {
  const defs = typedefs(type);
  if (!defs) {
    const pkg = type.split('/')[0] ?? type;
    throw new ServiceFailure(
      `service [/rosapi/message_details] responded with an error: error processing request: Unable to load the manifest for package ${pkg}. Caused by: ${pkg}`,
    );
  }
  return { typedefs: defs };
}

function nodeDetails(server: RosbridgeServer, name: string): unknown {
  const node = normName(name);
  const ts = [...server.topics.values()];
  return {
    subscribing: ts.filter((t) => t.subscriberNodes.has(node) || (node === '/rosbridge_websocket' && t.subs.size > 0)).map((t) => t.name),
    publishing: ts.filter((t) => t.publishers.has(node)).map((t) => t.name),
    services: [...server.services].filter(([, s]) => s.node === node).map(([n]) => n),
  };
}

/** set_param: the value is JSON text (kept as text when it is not JSON); it replaces any namespace of that name. */
function setParam(server: RosbridgeServer, r: Record<string, unknown>): unknown {
  let v: unknown = r.value;
  try {
    v = JSON.parse(str(r.value));
  } catch {
    /* keep the raw text */
  }
  const n = normName(str(r.name));
  for (const k of [...server.params.keys()]) if (k.startsWith(`${n}/`)) server.params.delete(k);
  server.params.set(n, v);
  return {};
}

/** get_param: Python's json.dumps of the value, else of the default (JSON text, or the text itself). */
function getParam(server: RosbridgeServer, r: Record<string, unknown>): unknown {
  const { found, value } = findParam(server, str(r.name));
  if (found) return { value: pyDumps(value) };
  const def = str(r.default);
  if (def === '') return { value: 'null' };
  try {
    return { value: pyDumps(JSON.parse(def)) };
  } catch {
    return { value: pyDumps(def) };
  }
}

function deleteParam(server: RosbridgeServer, r: Record<string, unknown>): unknown {
  const n = normName(str(r.name));
  for (const k of [...server.params.keys()]) if (k === n || k.startsWith(`${n}/`)) server.params.delete(k);
  return {};
}

function graphListServices(server: RosbridgeServer): RosapiSrv[] {
  return [
    { name: 'topics', type: 'rosapi/Topics', req: '', fn: () => topicsOf(server) },
    {
      name: 'topics_for_type',
      type: 'rosapi/TopicsForType',
      req: 'string type',
      fn: (r) => ({ topics: topicsOf(server, (t) => t.type === r.type).topics }),
    },
    { name: 'services', type: 'rosapi/Services', req: '', fn: () => ({ services: [...server.services.keys()] }) },
    {
      name: 'services_for_type',
      type: 'rosapi/ServicesForType',
      req: 'string type',
      fn: (r) => ({ services: [...server.services].filter(([, s]) => s.type === r.type).map(([n]) => n) }),
    },
    { name: 'nodes', type: 'rosapi/Nodes', req: '', fn: () => ({ nodes: [...server.nodes].sort() }) },
    { name: 'node_details', type: 'rosapi/NodeDetails', req: 'string node', fn: (r) => nodeDetails(server, str(r.node)) },
    { name: 'action_servers', type: 'rosapi/GetActionServers', req: '', fn: () => ({ action_servers: [] }) },
  ];
}

function graphLookupServices(server: RosbridgeServer): RosapiSrv[] {
  return [
    {
      name: 'topic_type',
      type: 'rosapi/TopicType',
      req: 'string topic',
      fn: (r) => ({ type: server.topics.get(str(r.topic))?.type ?? '' }),
    },
    {
      name: 'service_type',
      type: 'rosapi/ServiceType',
      req: 'string service',
      fn: (r) => ({ type: server.services.get(normName(str(r.service)))?.type ?? '' }),
    },
    {
      name: 'publishers',
      type: 'rosapi/Publishers',
      req: 'string topic',
      fn: (r) => ({ publishers: [...(server.topics.get(str(r.topic))?.publishers ?? [])] }),
    },
    {
      name: 'subscribers',
      type: 'rosapi/Subscribers',
      req: 'string topic',
      fn: (r) => {
        const t = server.topics.get(str(r.topic));
        return { subscribers: t ? [...t.subscriberNodes, ...(t.subs.size ? ['/rosbridge_websocket'] : [])] : [] };
      },
    },
    {
      name: 'service_providers',
      type: 'rosapi/ServiceProviders',
      req: 'string service',
      fn: (r) => ({ providers: [...server.services].filter(([, s]) => s.type === r.service).map(([, s]) => s.node) }),
    },
    {
      name: 'service_node',
      type: 'rosapi/ServiceNode',
      req: 'string service',
      fn: (r) => ({ node: server.services.get(normName(str(r.service)))?.node ?? '' }),
    },
    { name: 'service_host', type: 'rosapi/ServiceHost', req: 'string service', fn: () => ({ host: 'localhost' }) },
  ];
}

function typeServices(): RosapiSrv[] {
  return [
    { name: 'message_details', type: 'rosapi/MessageDetails', req: 'string type', fn: (r) => messageDetails(str(r.type)) },
    {
      name: 'service_request_details',
      type: 'rosapi/ServiceRequestDetails',
      req: 'string type',
      fn: (r) => messageDetails(`${str(r.type)}Request`),
    },
    {
      name: 'service_response_details',
      type: 'rosapi/ServiceResponseDetails',
      req: 'string type',
      fn: (r) => messageDetails(`${str(r.type)}Response`),
    },
  ];
}

function paramServices(server: RosbridgeServer): RosapiSrv[] {
  return [
    { name: 'set_param', type: 'rosapi/SetParam', req: 'string name\nstring value', fn: (r) => setParam(server, r) },
    { name: 'get_param', type: 'rosapi/GetParam', req: 'string name\nstring default', fn: (r) => getParam(server, r) },
    { name: 'has_param', type: 'rosapi/HasParam', req: 'string name', fn: (r) => ({ exists: findParam(server, str(r.name)).found }) },
    {
      name: 'search_param',
      type: 'rosapi/SearchParam',
      req: 'string name',
      fn: (r) => ({ global_name: findParam(server, str(r.name)).found ? normName(str(r.name)) : '' }),
    },
    { name: 'delete_param', type: 'rosapi/DeleteParam', req: 'string name', fn: (r) => deleteParam(server, r) },
    { name: 'get_param_names', type: 'rosapi/GetParamNames', req: '', fn: () => ({ names: [...server.params.keys()] }) },
  ];
}

function timeAndRawTypeServices(server: RosbridgeServer): RosapiSrv[] {
  return [
    {
      name: 'get_time',
      type: 'rosapi/GetTime',
      req: '',
      fn: () => {
        const ms = performance.timeOrigin + performance.now();
        const secs = Math.floor(ms / 1000);
        return { time: { secs, nsecs: Math.round((ms - secs * 1000) * 1e6) } };
      },
    },
    {
      name: 'topics_and_raw_types',
      type: 'rosapi/TopicsAndRawTypes',
      req: '',
      fn: () => ({ ...topicsOf(server), typedefs_full_text: [...server.topics.values()].map(() => '') }),
    },
  ];
}

/** Registers every rosapi service. The order is kept on purpose: /rosapi/services lists them as registered. */
export function registerRosapi(server: RosbridgeServer): void {
  const srvs = [
    ...graphListServices(server),
    ...graphLookupServices(server),
    ...typeServices(),
    ...paramServices(server),
    ...timeAndRawTypeServices(server),
  ];
  registerLoggers(server, '/rosapi_node');
  for (const s of srvs) {
    const reqType = `${s.type}Request`;
    defineType(reqType, s.req);
    server.services.set(`/rosapi/${s.name}`, { type: s.type, node: '/rosapi_node', reqType, handler: s.fn });
  }
  registerLoggers(server, '/rosbridge_websocket');
}
