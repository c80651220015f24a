import { describe, expect, it } from 'vitest';
import { BadUrlError } from '../../src/ros/types';
import { parseRobotUrl, robotUrlProblem } from '../../src/ros/url';

describe('robot URL validation', () => {
  it('accepts ws:// and wss:// with a host', () => {
    expect(robotUrlProblem('ws://127.0.0.1:9090')).toBeUndefined();
    expect(robotUrlProblem('wss://robot.example.com/rosbridge')).toBeUndefined();
    expect(parseRobotUrl('  ws://robot:9090 ')).toBe('ws://robot:9090');
  });

  it('explains what is wrong', () => {
    expect(robotUrlProblem('http://robot:9090')).toMatch(/scheme "http" is not supported; use ws:\/\/ or wss:\/\//);
    expect(robotUrlProblem('garbage')).toMatch(/not a URL/);
    expect(robotUrlProblem('')).toMatch(/empty/);
    expect(robotUrlProblem('ws://')).toMatch(/no host/);
    expect(robotUrlProblem('ws://:9090')).toMatch(/no host/);
    expect(robotUrlProblem('wss:///path')).toMatch(/no host/);
  });

  it('parseRobotUrl throws BadUrlError carrying the URL', () => {
    try {
      parseRobotUrl('http://robot');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BadUrlError);
      expect((e as BadUrlError).url).toBe('http://robot');
      expect((e as Error).message).toMatch(/^Bad robot address "http:\/\/robot": scheme "http"/);
    }
  });
});
