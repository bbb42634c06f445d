/**
 * The retry policy: how many times and for how long an answer saying "try again" (429, 5xx) is
 * repeated, the back-off between attempts (exponential with jitter, or Retry-After), and when a
 * submission of unknown fate is sent again (Resubmit When Unsure).
 */
import { isSubmission, type CallKind } from './call';

/** How long `requestWithRetry` keeps repeating a call: whichever runs out first ends it. */
export interface RetryBudget {
	/** Tries in all, the first one included. */
	attempts: number;
	/** Time from the first try within which the next back-off must end. */
	withinMs: number;
	/** The longest back-off after a 429 (see `submitRetry`); none: the usual doubling. */
	throttledMaxMs?: number;
}

/** Every call that names no budget: a few quick tries within a minute. */
export const DEFAULT_RETRY: RetryBudget = { attempts: 5, withinMs: 60_000 };

/** Cancelling a stopped run's queued task: brief, so the stopped run ends soon. */
export const CLEANUP_RETRY: RetryBudget = { attempts: 3, withinMs: 5000 };

/**
 * How often a waiting create asks again after a 429: a slot held by another process on the same
 * key (a second queue-mode worker), which this process's gates cannot see, may free at any moment,
 * and a back-off grown to 16 s leaves it idle or to the other process (bench (j)).
 */
const THROTTLED_MAX_BACKOFF_MS = 2000;

/**
 * A create call of an item that will wait for its result anyway: while other items or runs hold
 * the account's running tasks, 429/5xx are retried for the whole `retryForMs` — the default 5
 * tries plus one per 5 s of that time, so the attempts never end the budget before the time does
 * (plus one per 1 s of it after 429s, which come back every 1–2 s). Without `retryForMs`, the
 * default budget.
 */
export function submitRetry(retryForMs: number | undefined): RetryBudget {
	if (retryForMs === undefined) return DEFAULT_RETRY;
	return {
		attempts: DEFAULT_RETRY.attempts + Math.ceil(retryForMs / 1000),
		withinMs: retryForMs,
		throttledMaxMs: THROTTLED_MAX_BACKOFF_MS,
	};
}

/** Where a call of uncertain delivery stands, for `resubmitWhenUnsure`. */
interface Unsure {
	/** The user's Resubmit When Unsure. */
	allowed: boolean;
	/** This call was already sent again once. */
	resubmitted: boolean;
	/** The run stopped: nothing new is sent. */
	stopped: boolean;
}

/**
 * Whether a call whose fate is unknown (the connection was lost after it was sent, or a create was
 * answered without a task_id) is sent again. Only a submission, only when the user allowed it,
 * once, and not after the run stopped: the first may have created a task, so a second one may be
 * billed too.
 */
export function resubmitWhenUnsure(kind: CallKind, state: Unsure): boolean {
	return isSubmission(kind) && state.allowed && !state.resubmitted && !state.stopped;
}

/** The first back-off; doubled per attempt up to 16 times that. */
const BACKOFF_BASE_MS = 1000;

/** `maxMs` caps the doubling (not a Retry-After, which is honoured as sent). */
export function backoffMs(attempt: number, retryAfterMs?: number, maxMs?: number): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 60_000);
	const base = Math.min(
		BACKOFF_BASE_MS * 2 ** (attempt - 1),
		BACKOFF_BASE_MS * 16,
		maxMs ?? Infinity,
	);
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
