/**
 * When to poll a task next. Pure: the caller passes the clock readings and the task durations it
 * has seen in the same execution.
 *
 * Without a prediction: fast early polls, then an interval that grows with the elapsed time up to
 * BASE_CAP_MS (so a task is seen finished within 0.75 s on average, at most 1 query per second),
 * and slower still for tasks that run far past the usual 1–4 minutes.
 *
 * With a prediction (durations of tasks that finished earlier): sparse polls until shortly before
 * the earliest expected end, dense polls across the expected window, then back to the base
 * schedule. A task that keeps running past every prediction is polled as if nothing was known.
 */

export interface PollState {
	/** Milliseconds since the task was submitted (or since waiting started). */
	elapsedMs: number;
	/** Polls made so far for this task. */
	polls: number;
	/** The user's fixed interval, when set. */
	fixedIntervalMs?: number;
	/** Durations (submit → end) of tasks that succeeded earlier in the same execution. */
	observedMs?: readonly number[];
}

/** The first poll without a prediction. */
export const FIRST_POLL_MS = 1000;
/** Never poll closer together than this, whatever the prediction says. */
export const MIN_DELAY_MS = 250;
/** The interval without a prediction, reached after 6 s: detection within 0.75 s on average. */
export const BASE_CAP_MS = 1500;
/** Past this elapsed time the base interval grows further (tasks usually take 1–4 minutes). */
export const LONG_TASK_MS = 180_000;
/** The slowest interval, for tasks that run for many minutes. */
export const LONG_CAP_MS = 5000;
/** Sparse polls before a predicted end: from SPARSE_MIN_MS, growing to SPARSE_CAP_MS. */
export const SPARSE_MIN_MS = 2000;
export const SPARSE_CAP_MS = 5000;
/** The dense interval: the expected window is covered by about this many polls, within bounds. */
export const DENSE_POLLS = 12;
export const DENSE_MIN_MS = 500;
/** How many recent durations shape the prediction. */
export const RECENT_DURATIONS = 20;

export interface PollWindow {
	/** Elapsed time where dense polling starts. */
	startMs: number;
	/** Elapsed time where dense polling ends. */
	endMs: number;
	/** The interval inside the window. */
	denseMs: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The base interval at an elapsed time: 1 s, growing to 1.5 s after 6 s and to 5 s after 10 min. */
export function baseInterval(elapsedMs: number): number {
	return Math.max(clamp(elapsedMs / 4, FIRST_POLL_MS, BASE_CAP_MS), Math.min(LONG_CAP_MS, (elapsedMs * BASE_CAP_MS) / LONG_TASK_MS));
}

/**
 * Where the task is expected to end: the span of the recent durations, widened by 5% of their
 * median (at least 750 ms) on each side. None without usable observations.
 */
export function predictWindow(observedMs: readonly number[] | undefined): PollWindow | undefined {
	const recent = (observedMs ?? []).filter((ms) => Number.isFinite(ms) && ms > 0).slice(-RECENT_DURATIONS);
	if (recent.length === 0) return undefined;
	const sorted = [...recent].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	const margin = Math.max(750, median * 0.05);
	const startMs = Math.max(0, sorted[0] - margin);
	const endMs = sorted[sorted.length - 1] + margin;
	const denseMs = clamp((endMs - startMs) / DENSE_POLLS, DENSE_MIN_MS, BASE_CAP_MS);
	return { startMs, endMs, denseMs };
}

/** Milliseconds until the next poll. */
export function nextPollDelay(state: PollState): number {
	if (state.fixedIntervalMs && state.fixedIntervalMs > 0) return state.fixedIntervalMs;
	const elapsed = Math.max(0, state.elapsedMs);
	const window = predictWindow(state.observedMs);
	if (!window) return state.polls === 0 ? Math.max(FIRST_POLL_MS - elapsed, MIN_DELAY_MS) : baseInterval(elapsed);

	if (elapsed < window.startMs) {
		// Sparse: steps that grow with the elapsed time; the last one lands on the window's start,
		// without a short step just before it and never longer than SPARSE_CAP_MS.
		const step = clamp(elapsed / 4, SPARSE_MIN_MS, SPARSE_CAP_MS);
		const left = window.startMs - elapsed;
		const delay = left < step * 1.5 && left <= SPARSE_CAP_MS ? left : left < step * 2 ? left / 2 : step;
		return Math.max(delay, MIN_DELAY_MS);
	}
	if (elapsed < window.endMs) return window.denseMs;
	// Past every prediction: back off from the dense interval to the base schedule.
	return clamp(window.denseMs + (elapsed - window.endMs) / 4, window.denseMs, baseInterval(elapsed));
}
