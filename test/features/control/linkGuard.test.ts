import { describe, expect, it } from 'vitest';
import { StallWatch, zeroOnReconnect } from '../../../src/features/control/linkGuard';
import { FakeLink } from '../../support/fakeLink';

describe('stall watch', () => {
  it('a lively link with nothing for more than 500 ms is stalled; data again ends it', () => {
    let now = 10_000;
    let last = 0;
    const w = new StallWatch(
      () => last,
      () => now,
    );
    for (let i = 0; i < 5; i++) {
      last = now;
      expect(w.stalled()).toBe(false);
      now += 20;
    }
    now = last + 500;
    expect(w.stalled()).toBe(false);
    now = last + 501;
    expect(w.stalled()).toBe(true);
    last = now;
    expect(w.stalled()).toBe(false);
  });

  it('a robot quiet by nature (frames seconds apart) is not flagged', () => {
    let now = 10_000;
    let last = 0;
    const w = new StallWatch(
      () => last,
      () => now,
    );
    for (let i = 0; i < 3; i++) {
      last = now;
      w.stalled();
      now += 2000;
    }
    expect(w.stalled()).toBe(false);
  });
});

describe('zero twist on reconnect', () => {
  it('after a reconnect while holding control, one zero twist is sent at once', () => {
    const link = new FakeLink();
    let holds = true;
    let zeros = 0;
    zeroOnReconnect(
      link,
      () => holds,
      () => zeros++,
    );
    link.setState('reconnecting');
    holds = false; // control state unknown while down: what counts is that it was held at the loss
    link.setState('reconnecting');
    expect(zeros).toBe(0);
    link.setState('connected');
    expect(zeros).toBe(1);
    link.setState('connected');
    expect(zeros).toBe(1);
  });

  it('nothing is sent after a reconnect when this console did not hold control', () => {
    const link = new FakeLink();
    let zeros = 0;
    zeroOnReconnect(
      link,
      () => false,
      () => zeros++,
    );
    link.setState('reconnecting');
    link.setState('connected');
    expect(zeros).toBe(0);
  });
});
