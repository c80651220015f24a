import { BadUrlError } from './types';

/** Why `url` cannot be a rosbridge address, or undefined when it can. */
export function robotUrlProblem(url: string): string | undefined {
  const text = url.trim();
  if (text === '') return 'the address is empty';
  // WHATWG URL rejects "ws://" and "ws://:9090" as invalid and reads "ws:///x" as host x; say what is missing instead.
  if (/^wss?:\/\/(?:[/:?#]|$)/i.test(text)) return 'the address has no host';
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return 'not a URL (expected ws://host:port or wss://host:port)';
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    const scheme = parsed.protocol.replace(/:$/, '');
    return `scheme "${scheme}" is not supported; use ws:// or wss:// (rosbridge speaks WebSocket)`;
  }
  if (parsed.hostname === '') return 'the address has no host';
  return undefined;
}

/** The normalised URL, or throws BadUrlError with the reason in plain words. */
export function parseRobotUrl(url: string): string {
  const problem = robotUrlProblem(url);
  if (problem !== undefined) throw new BadUrlError(url, problem);
  return url.trim();
}
