import type { ObjectStore } from './blobs/objectStore';
import type { HubConfig } from './config';
import type { Db } from './db/types';
import type { Fanout } from './live/fanout';

/** What every route needs: the database, the settings, the live fan-out and where blob bytes go. */
export interface HubContext {
  db: Db;
  config: HubConfig;
  fanout: Fanout;
  store: ObjectStore;
}
