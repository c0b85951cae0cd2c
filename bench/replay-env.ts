// Imported first by replay.ts: the replay's own database and Redis prefix, never the bench's (or anyone's), unless
// BENCH_DATABASE / BENCH_QUEUE_PREFIX say otherwise. bench-db.ts reads them when it is loaded.
process.env.BENCH_DATABASE ??= 'docket_replay';
process.env.BENCH_QUEUE_PREFIX ??= '{replay}';

export {};
