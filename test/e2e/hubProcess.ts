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

/** `npm run hub -- create-user`: a person with a role, the password given on stdin. */
export async function createHubUser(
  env: Record<string, string>,
  user: string,
  role: string,
  name: string,
  password: string,
): Promise<void> {
  const p = runHub(['create-user', user, '--role', role, '--name', name], env, password);
  const code = await new Promise<number | null>((resolve) => p.on('exit', resolve));
  if (code !== 0) throw new Error(`create-user ${user} exited with ${code}`);
}

/** Serves the hub on a free port and waits (up to 4 min: PGlite's first start is slow on a busy machine) for its health. */
export async function serveHub(env: Record<string, string>): Promise<{ hub: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const hub = runHub([], { ...env, HUB_PORT: String(port) });
  for (let i = 0; i < 480; i++) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { hub, url };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the hub did not start');
}

/** Stops a hub that is still running (one a spec killed on purpose is left alone). */
export async function stopHub(hub: ChildProcess | undefined): Promise<void> {
  if (!hub || hub.exitCode !== null || hub.signalCode !== null) return;
  const exited = new Promise((r) => hub.once('exit', r));
  hub.kill('SIGTERM');
  await exited;
}
