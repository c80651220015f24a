import { useEffect } from 'react';
import { useFleetStore } from '../fleet';
import { isTypingTarget } from '../ui';

/** Alt+1..9 selects a robot, Escape clears the selection. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return;
      const { robots, select } = useFleetStore.getState();
      if (e.altKey && /^Digit[1-9]$/.test(e.code)) {
        const robot = robots[Number(e.code.slice(5)) - 1];
        if (robot) {
          select(robot.id);
          e.preventDefault();
        }
      } else if (e.key === 'Escape') {
        select(undefined);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
