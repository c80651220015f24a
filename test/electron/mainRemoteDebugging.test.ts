// An installed console started with --remote-debugging-port (and no --support-devtools) does not start:
// the debugging protocol would give whoever reaches the port what DevTools give.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const errors: string[] = [];

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  fake.electron.app.isPackaged = true;
  fake.state.switches.add('remote-debugging-port');
  await import('../../electron/main');
  await new Promise((r) => setTimeout(r, 0));
});

describe('electron/main.ts, packaged, with a remote debugging switch', () => {
  it('exits with a reason and opens no window', () => {
    expect(fake.state.exited).toEqual([1]);
    expect(fake.state.windows).toHaveLength(0);
    expect(errors.join('\n')).toMatch(/remote debugging is refused .*--support-devtools/);
  });
});
