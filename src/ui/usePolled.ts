import { useEffect, useRef, useState } from 'react';

/**
 * Re-reads a value from outside React every `ms` (UI rate, never per message), and at once when `key` changes
 * (e.g. another robot is shown). The latest `read` is used without restarting the timer.
 */
export function usePolled<T>(read: () => T, ms: number, key: unknown): T {
  const [value, setValue] = useState<T>(read);
  const latest = useRef(read);
  useEffect(() => {
    latest.current = read;
  });
  useEffect(() => {
    setValue(latest.current());
    const timer = setInterval(() => setValue(latest.current()), ms);
    return () => clearInterval(timer);
  }, [ms, key]);
  return value;
}
