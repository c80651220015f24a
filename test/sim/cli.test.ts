import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('sim CLI', () => {
  it('the CLI prints the robot URLs', async () => {
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(__dirname, '../../src/sim/cli.ts'), '--robots', '2', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    cli.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    for (let i = 0; i < 100 && out.split('\n').length < 3; i++) await sleep(100);
    cli.kill('SIGTERM');
    expect(out).toMatch(/^atlas-1 ws:\/\/127\.0\.0\.1:\d+\natlas-2 ws:\/\/127\.0\.0\.1:\d+\n/);
  }, 20_000);
});
