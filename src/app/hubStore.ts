// What the header and the hub tab show: the configured hub and the sync client's status (a few times a
// second at most: the client reports on changes, not per record).
import { create } from 'zustand';
import type { SyncStatus } from '../sync';

export interface HubState {
  /** The hub this console syncs with; undefined: it works alone. */
  url?: string;
  status?: SyncStatus;
  /** Since when the hub could not be reached (cleared once it answers). */
  offlineSince?: number;
}

export const useHubStore = create<HubState>(() => ({}));
