/**
 * The transport, the only code that talks HTTP: what the rest of the node imports from it.
 * client.ts (the HTTP client), call.ts (a call and its answer), retry.ts (the retry policy),
 * errors.ts (the error model), helpers.ts, stoppable.ts (cancel-aware waits), turns.ts (slots and
 * rate-gate turns); tasks, streams and downloads in their own files.
 */
export type { ClientSettings } from './call';
export { DashScopeClient } from './client';
export { apiError, DashScopeError } from './errors';
export { settle } from './helpers';
/** Used by the engine tests' harness (from dist/). */
export { scaleBackoffForTests } from './retry';
