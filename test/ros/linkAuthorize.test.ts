// A link waits for its authorisation (the desktop shell's allow-list) before it opens a socket; a refusal fails
// it with the reason instead of trying a connection the shell would block anyway.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loopbackLink } from './linkHarness';

afterEach(() => vi.useRealTimers());

describe('RobotLinkOptions.authorize', () => {
  it('opens no socket until authorised, then connects', async () => {
    vi.useFakeTimers();
    let allow!: () => void;
    const authorize = vi.fn(() => new Promise<void>((resolve) => (allow = resolve)));
    const { link, sockets } = loopbackLink({ authorize });
    await vi.advanceTimersByTimeAsync(100);
    expect(authorize).toHaveBeenCalledWith('ws://robot.test:9090');
    expect(sockets).toHaveLength(0);
    expect(link.status().state).toBe('connecting');
    allow();
    await vi.advanceTimersByTimeAsync(10);
    expect(sockets).toHaveLength(1);
    expect(link.status().state).toBe('connected');
    link.close();
  });

  it('a refusal fails the link with the reason and never connects', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { link, sockets } = loopbackLink({ authorize: () => Promise.reject(new Error('IPv6 addresses cannot be named in a CSP')) });
    await vi.advanceTimersByTimeAsync(5000);
    expect(sockets).toHaveLength(0);
    expect(link.status().state).toBe('failed');
    expect(link.status().reason).toMatch(/may not connect to ws:\/\/robot\.test:9090: IPv6 addresses cannot be named/);
    expect(link.problems().some((p) => p.kind === 'connection' && /may not connect/.test(p.message))).toBe(true);
    link.close();
    warn.mockRestore();
  });
});
