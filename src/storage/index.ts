// The console's durable store: one versioned IndexedDB database. Repositories live with their features.
export * from './db';
