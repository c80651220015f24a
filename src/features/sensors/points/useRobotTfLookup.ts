// The sensor layers' TF lookup for one robot, resolved through whichever feed the scene has for it now (a
// robot whose link was replaced, or whose TF appears later, is picked up without re-rendering).
import { useMemo } from 'react';
import type { SceneRuntime } from '../../../scene';
import type { TfLookup } from './pointsLayerCore';
import { makeTfLookup } from './tfLookup';

export function useRobotTfLookup(rt: SceneRuntime, robotId: string): TfLookup {
  return useMemo(() => {
    let cached: { tf: unknown; lookup: TfLookup } | undefined;
    return (frameId, stamp) => {
      const feed = rt.model.feeds.get(robotId);
      if (!feed) return null;
      if (cached?.tf !== feed.tf) cached = { tf: feed.tf, lookup: makeTfLookup(feed.tf, () => rt.model.fixedFrame) };
      return cached.lookup(frameId, stamp);
    };
  }, [rt, robotId]);
}
