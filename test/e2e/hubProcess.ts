// The site hub as a child process for the e2e specs (hub.spec.ts, hubLease.spec.ts): `npm run hub`'s CLI
// under tsx, its stderr passed through with a [hub] prefix, and a free loopback port to run it on.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './fixtures';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs the hub CLI with `args` (none: serve); `stdin` answers a prompt (a new user's password). */
export function runHub(args: string[], env: Record<string, string>, stdin?: string): ChildProcess {
  const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'hub/src/cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  p.stderr?.on('data', (d: Buffer) => process.stderr.write(`[hub] ${d.toString()}`));
  if (stdin !== undefined) p.stdin?.end(stdin + '\n');
  else p.stdin?.end();
  return p;
}
