// A plain HTTP file server for URDF meshes, as a site would run next to its robots (rosbridge cannot serve
// files): GET <url>/<package>/meshes/<file> from `root`, with CORS open so a console page on another origin can
// fetch them. Paths are confined to root; only GET/HEAD.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.stl': 'model/stl',
  '.dae': 'model/vnd.collada+xml',
  '.obj': 'model/obj',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

export interface MeshServer {
  /** Base URL, e.g. http://127.0.0.1:43210 (no trailing slash). */
  url: string;
  /** Paths requested, in order (tests check what was fetched and how often). */
  requests: string[];
  stop(): Promise<void>;
}

export interface MeshServerOptions {
  root: string;
  host?: string;
  port?: number;
  /** Holds the answer to a path until the promise settles (tests: a big file that arrives when they say). */
  hold?: (path: string) => Promise<void> | undefined;
}

export async function startMeshServer(opts: MeshServerOptions): Promise<MeshServer> {
  const root = resolve(opts.root);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const file = resolve(root, `.${path}`);
    let size = -1;
    try {
      if (file.startsWith(root + sep)) size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    if (size < 0) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const send = () => {
      res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': size });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    };
    const held = opts.hold?.(path);
    if (held) void held.then(send, send);
    else send();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    requests,
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        // Keep-alive connections (idle, or one a page still holds open) would hold the close for as long as the
        // page lives: stopping ends them all, as a server going away would.
        server.closeAllConnections();
      }),
  };
}
