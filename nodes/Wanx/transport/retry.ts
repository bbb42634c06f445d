/**
 * The retry policy: how many times and for how long an answer saying "try again" (429, 5xx) is
 * repeated, and the back-off between attempts (exponential with jitter, or Retry-After).
 */

/** How long `requestWithRetry` keeps repeating a call: whichever runs out first ends it. */
export interface RetryBudget {
	/** Tries in all, the first one included. */
	attempts: number;
	/** Time from the first try within which the next back-off must end. */
	withinMs: number;
}

/** Every call that names no budget: a few quick tries within a minute. */
export const DEFAULT_RETRY: RetryBudget = { attempts: 5, withinMs: 60_000 };

/** Cancelling a stopped run's queued task: brief, so the stopped run ends soon. */
export const CLEANUP_RETRY: RetryBudget = { attempts: 3, withinMs: 5000 };

/**
 * A create call of an item that will wait for its result anyway: while other items or runs hold
 * the account's running tasks, 429/5xx are retried for the whole `retryForMs` — the default 5
 * tries plus one per 5 s of that time, so the attempts never end the budget before the time does.
 * Without `retryForMs`, the default budget.
 */
export function submitRetry(retryForMs: number | undefined): RetryBudget {
	if (retryForMs === undefined) return DEFAULT_RETRY;
	return { attempts: DEFAULT_RETRY.attempts + Math.ceil(retryForMs / 5000), withinMs: retryForMs };
}

/** The first back-off; doubled per attempt up to 16 times that. */
let backoffBaseMs = 1000;

/**
 * For the test harness only: the engine tests run the back-off at a fraction of its real length
 * (together with short emulator task times) instead of waiting real seconds.
 */
export function scaleBackoffForTests(factor: number): void {
	backoffBaseMs = 1000 * factor;
}

export function backoffMs(attempt: number, retryAfterMs?: number): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 60_000);
	const base = Math.min(backoffBaseMs * 2 ** (attempt - 1), backoffBaseMs * 16);
	return Math.round(base / 2 + Math.random() * (base / 2));
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds. */
export function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
