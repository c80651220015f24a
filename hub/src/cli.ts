// `npm run hub` and its admin commands:
//   npm run hub                                     serve (PGlite in ./hub-data, or DATABASE_URL)
//   npm run hub -- create-user NAME --role admin    create a user; the password is read from stdin
//   npm run hub -- migrate                          bring the database schema up to date and exit
// Settings come from the environment (config.ts); --port, --host, --site and --data override them.
import { configFromEnv, type HubConfig } from './config';
import { createUser, countUsers } from './auth/users';
import { openDb } from './db/open';
import { newUserSchema, roleSchema } from '../../src/contracts';
import { startHub } from './server';

function parseArgs(argv: string[]): { command: string; positional: string[]; flags: Map<string, string> } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags.set(k, v);
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(k, argv[++i]!);
      else flags.set(k, 'true');
    } else positional.push(a);
  }
  const command = positional[0] && !positional[0].includes('=') ? positional.shift()! : 'serve';
  return { command, positional, flags };
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter): ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
    if (chunks.reduce((n, b) => n + b.length, 0) > 1024) break;
  }
  return Buffer.concat(chunks).toString('utf8').split('\n')[0]!.replace(/\r$/, '');
}

function configFrom(flags: Map<string, string>): HubConfig {
  const c = configFromEnv(process.env);
  if (flags.has('port')) c.port = Number(flags.get('port'));
  if (flags.has('host')) c.host = flags.get('host')!;
  if (flags.has('site')) c.site = flags.get('site')!;
  if (flags.has('data') && !c.databaseUrl) c.dataDir = flags.get('data')!;
  return c;
}

async function main(): Promise<void> {
  const { command, positional, flags } = parseArgs(process.argv.slice(2));
  const config = configFrom(flags);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  if (command === 'serve') {
    const hub = await startHub(config);
    config.log(`site "${config.site}" on ${where}, listening at ${hub.url}`);
    const stop = (sig: string) => {
      config.log(`${sig}: stopping`);
      hub.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    return;
  }
  if (command === 'migrate') {
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: config.log });
    await db.close();
    config.log(`schema of ${where} is up to date`);
    return;
  }
  if (command === 'create-user') {
    const username = positional[0];
    const role = roleSchema.safeParse(flags.get('role') ?? 'admin');
    if (!username || !role.success)
      throw new Error(
        'usage: npm run hub -- create-user NAME [--role viewer|operator|lead|trainer|admin] [--name "Display Name"] (password on stdin)',
      );
    const password = process.env.HUB_NEW_PASSWORD ?? (await readStdin());
    const input = newUserSchema.safeParse({ username, password, role: role.data, displayName: flags.get('name') ?? '' });
    if (!input.success) throw new Error(input.error.issues.map((i) => i.message).join('; '));
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: config.log });
    try {
      const first = (await countUsers(db)) === 0;
      const user = await createUser(db, input.data, config.site, config.scrypt, Date.now());
      config.log(`created ${user.role} "${user.username}" for site "${user.site}"${first ? ' (the first user)' : ''}`);
    } finally {
      await db.close();
    }
    return;
  }
  throw new Error(`unknown command "${command}" (serve, migrate, create-user)`);
}

main().catch((err: Error) => {
  console.error(`[hub] ${err.message}`);
  process.exit(1);
});
