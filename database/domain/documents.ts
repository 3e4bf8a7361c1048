/**
 * How many documents are rendered at once: one per core of the 2-core machines the app runs on.
 * The render workers' pool has this many workers, and a call's batch of agreements keeps this many
 * requests in flight, so that both cores render while the file stores what they made.
 */
export const RENDERS_AT_ONCE = 2
