/**
 * When to poll a task next. Pure: the caller passes the clock readings (elapsed from the task's
 * own submit_time) and the durations of tasks that finished earlier (api/durations.ts pools them
 * per account, model and mode across the executions of the process).
 *
 * Without a prediction: fast early polls, then an interval that grows with the elapsed time up to
 * BASE_CAP_MS (so a task is seen finished within 0.75 s on average, at most 1 query per second),
 * and slower still for tasks that run far past the usual 1–4 minutes.
 *
 * With a prediction: sparse polls until the earliest expected end, polls every DENSE_MIN_MS or so
 * across the expected span (the median delay is half of that), then back to the base schedule. A
 * task that keeps running past every prediction is polled as if nothing was known.
 */

export interface PollState {
	/** Milliseconds since the task was submitted (its submit_time), or since waiting started. */
	elapsedMs: number;
	/** Polls made so far for this task. */
	polls: number;
	/** The user's fixed interval, when set. */
	fixedIntervalMs?: number;
	/** Durations (submit → end) of tasks like this one that succeeded earlier in the process. */
	observedMs?: readonly number[];
	/**
	 * The shortest interval outside a predicted window, for tasks that take minutes (video): no
	 * more checks than that while nothing predicts the end.
	 */
	floorMs?: number;
}

/** The first poll without a prediction. */
export const FIRST_POLL_MS = 1000;
/** Never poll closer together than this, whatever the prediction says. */
export const MIN_DELAY_MS = 250;
/** The interval without a prediction, reached after 6 s: detection within 0.75 s on average. */
export const BASE_CAP_MS = 1500;
/** Past this elapsed time the base interval grows further (tasks usually take 1–4 minutes). */
const LONG_TASK_MS = 180_000;
/** The slowest interval, for tasks that run for many minutes. */
export const LONG_CAP_MS = 5000;
/** Sparse polls before a predicted end: half the elapsed time, within these bounds. */
export const [SPARSE_MIN_MS, SPARSE_CAP_MS] = [3000, 10_000];
/** The dense interval: the expected span is covered by about this many polls, within bounds. */
const DENSE_POLLS = 40;
/** Detection within half of this on average, under 1 s at worst (bench section b). */
export const DENSE_MIN_MS = 800;
/** How many recent durations shape the prediction. */
export const RECENT_DURATIONS = 20;
/**
 * From this many durations on, their span is trusted: dense polling starts half an interval after
 * the shortest one. With fewer, the window is widened by 5% of the median (at least 750 ms).
 */
export const TRUSTED_DURATIONS = 5;
/** Allowance for clock reading and travel time when polls aim at a precisely known end. */
const LATENCY_MS = 50;

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
	return Math.max(
		clamp(elapsedMs / 4, FIRST_POLL_MS, BASE_CAP_MS),
		Math.min(LONG_CAP_MS, (elapsedMs * BASE_CAP_MS) / LONG_TASK_MS),
	);
}

/**
 * Where the task is expected to end: the span of the recent durations. With TRUSTED_DURATIONS or
 * more, polls start up to half a dense interval after the shortest (a task ending just before it
 * is still seen within that half interval) and run one interval past the longest; with fewer, the
 * span is widened by 5% of the median (at least 750 ms) on each side. None without usable
 * observations.
 */
export function predictWindow(observedMs: readonly number[] | undefined): PollWindow | undefined {
	const recent = (observedMs ?? [])
		.filter((ms) => Number.isFinite(ms) && ms > 0)
		.slice(-RECENT_DURATIONS);
	if (recent.length === 0) return undefined;
	const sorted = [...recent].sort((a, b) => a - b);
	const [shortest, longest] = [sorted[0], sorted[sorted.length - 1]];
	const denseMs = clamp((longest - shortest) / DENSE_POLLS, DENSE_MIN_MS, BASE_CAP_MS);
	if (sorted.length >= TRUSTED_DURATIONS) {
		// Half a dense interval after the shortest, less when the durations hardly differ (then the
		// first poll lands just after the expected end, allowing for the answer's travel time).
		const lead = clamp((longest - shortest) / 2, LATENCY_MS, denseMs / 2);
		return { startMs: shortest + lead, endMs: longest + denseMs, denseMs };
	}
	const margin = Math.max(750, sorted[Math.floor(sorted.length / 2)] * 0.05);
	return { startMs: Math.max(0, shortest - margin), endMs: longest + margin, denseMs };
}

/** Milliseconds until the next poll. */
export function nextPollDelay(state: PollState): number {
	if (state.fixedIntervalMs && state.fixedIntervalMs > 0) return state.fixedIntervalMs;
	const elapsed = Math.max(0, state.elapsedMs);
	const window = predictWindow(state.observedMs);
	const floor = state.floorMs ?? 0;
	if (!window)
		return Math.max(
			floor,
			state.polls === 0 ? Math.max(FIRST_POLL_MS - elapsed, MIN_DELAY_MS) : baseInterval(elapsed),
		);

	if (elapsed < window.startMs) {
		// Sparse: steps that grow with the elapsed time; the last one lands on the window's start,
		// without a short step just before it.
		const step = clamp(elapsed / 2, SPARSE_MIN_MS, SPARSE_CAP_MS);
		const left = window.startMs - elapsed;
		const delay =
			left <= Math.max(step * 1.5, 2 * SPARSE_MIN_MS) ? left : left < step * 2 ? left / 2 : step;
		return Math.max(delay, MIN_DELAY_MS);
	}
	if (elapsed < window.endMs) return window.denseMs;
	// Past every prediction: back off from the dense interval to the base schedule (or the floor).
	return clamp(
		window.denseMs + (elapsed - window.endMs) / 4,
		window.denseMs,
		Math.max(baseInterval(elapsed), floor),
	);
}
