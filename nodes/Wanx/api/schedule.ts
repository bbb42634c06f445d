/**
 * When to poll a task next. Pure: the caller passes the clock readings.
 */

export interface PollState {
	/** Milliseconds since the task was submitted (or since waiting started). */
	elapsedMs: number;
	/** Polls made so far for this task. */
	polls: number;
	/** The user's fixed interval, when set. */
	fixedIntervalMs?: number;
}

/** Fast early polls that slow down with elapsed time, up to a cap (1,1,1,2,2,2,4,4,4,5… s). */
export function nextPollDelay(state: PollState): number {
	if (state.fixedIntervalMs && state.fixedIntervalMs > 0) return state.fixedIntervalMs;
	const steps = Math.floor(state.polls / 3);
	return Math.min(1000 * 2 ** steps, 5000);
}
