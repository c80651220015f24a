// `npm run bench` runs its modules in plain Node (no bundler): every one of them must load with exactly the
// flags the bench script gives Node. (A stylesheet imported somewhere under the scene once broke the whole
// bench while every unit test, run through Vite, stayed green.)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm run bench', () => {
  it('loads every bench module in Node with the flags of its script', () => {
    const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
      .bench!;
    const node = /node ((?:--\S+(?: (?!test\/bench\/run\.ts)\S+)? ?)*)test\/bench\/run\.ts/.exec(script);
    expect(node, `the bench script runs test/bench/run.ts with node: ${script}`).not.toBeNull();
    const flags = node![1]!.trim().split(/\s+/);
    const modules = readdirSync(import.meta.dirname)
      .filter((f) => /\.bench\.ts$|^sceneBench\.ts$/.test(f))
      .map((f) => `./test/bench/${f}`);
    expect(modules.length).toBeGreaterThan(5);
    const code = `Promise.all(${JSON.stringify(modules)}.map((m) => import(m))).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); })`;
    const r = spawnSync(process.execPath, [...flags, '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(
      r.stderr
        .split('\n')
        .filter((l) => /Error|Unknown/.test(l))
        .join('\n'),
    ).toBe('');
    expect(r.status).toBe(0);
  }, 150_000);
});
