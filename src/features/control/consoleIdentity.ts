// Who this console is: a console id per window (sessionStorage, so it survives a reload but two windows are two
// consoles) and the operator's name (localStorage, remembered between runs).

const NAME_KEY = 'operator-console.operatorName';
const CONSOLE_KEY = 'operator-console.consoleId';

function storage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return (globalThis as Record<string, unknown>)[kind] as Storage | undefined;
  } catch {
    return undefined;
  }
}

let memoryConsoleId: string | undefined;

export function consoleId(): string {
  const s = storage('sessionStorage');
  try {
    const saved = s?.getItem(CONSOLE_KEY);
    if (saved) return saved;
  } catch {
    // unavailable: fall back to memory
  }
  memoryConsoleId ??= `console-${Math.random().toString(36).slice(2, 10)}`;
  try {
    s?.setItem(CONSOLE_KEY, memoryConsoleId);
  } catch {
    // kept in memory only
  }
  return memoryConsoleId;
}

export function loadOperatorName(): string {
  try {
    return storage('localStorage')?.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveOperatorName(name: string): void {
  try {
    storage('localStorage')?.setItem(NAME_KEY, name);
  } catch {
    // not remembered, still used for this run
  }
}
