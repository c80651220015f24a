// Public API of the console's sync with a site hub.
export { SyncClient, type SyncClientOptions, type SyncStatus, type Rejection, type RejectionStatus } from './syncClient';
export {
  dexieOutbox,
  dexieSyncState,
  outboxRow,
  groupOf,
  type BlobRef,
  type OutboxEntry,
  type OutboxItem,
  type OutboxStore,
  type SyncStateStore,
} from './outbox';
export { createHubApi, HubError, type HubApi, type HubErrorKind } from './hubApi';
export { liveUrl, type WebSocketCtor, type WebSocketLike } from './live';
export { systemClock, type Clock } from './clock';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export { newRecordId, queueInTransaction, setSyncTarget, syncKick, syncSite, syncTarget, type SyncTarget } from './recording';
export {
  HubLeaseClient,
  HUB_LEASE_POLL_MS,
  HUB_LEASE_RENEW_MS,
  HUB_LEASE_TTL_MS,
  hubLeases,
  onHubLease,
  setHubLeases,
  type AcquireResult,
  type BreakLeaseResult,
  type HubLeaseEvent,
  type HubLeaseOptions,
  type LeaseApi,
  type LeaseLoss,
} from './leaseClient';
