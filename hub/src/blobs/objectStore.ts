// Where blob bytes (MCAP clips, screenshots) go. The default keeps them in PostgreSQL (pgObjectStore.ts):
// one thing to run, back up and restore with the records that point at them, and a site's clips (a few MB
// each, some thousands a year) are well within what PostgreSQL holds. A region that outgrows that can put
// an S3-style store behind this interface; the blob metadata (and so the feed) stays in PostgreSQL.

export interface StoredObject {
  ref: string;
  size: number;
  sha256: string;
}

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the upload is larger than the limit of ${limit} bytes`);
  }
}

export interface ObjectStore {
  /** Streams `source` in; throws TooLargeError (and keeps nothing) past `limit` bytes. */
  put(source: AsyncIterable<Uint8Array>, limit: number): Promise<StoredObject>;
  /** Streams an object out in chunks. */
  get(ref: string): AsyncIterable<Uint8Array>;
  delete(ref: string): Promise<void>;
  /** Removes objects started before `before` that no blob points at (a hub killed mid-upload). */
  sweep(before: number): Promise<number>;
}
