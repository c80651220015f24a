import { useEffect, useState } from 'react';

/** Re-reads a value from outside React every `ms` (UI rate, never per message). */
export function usePolled<T>(read: () => T, ms: number, deps: readonly unknown[]): T {
  const [value, setValue] = useState<T>(read);
  useEffect(() => {
    setValue(read());
    const timer = setInterval(() => setValue(read()), ms);
    return () => clearInterval(timer);
  }, deps);
  return value;
}
