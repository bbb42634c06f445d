/**
 * Task durations (submit → end, by DashScope's own clock) seen in this n8n process, pooled per
 * account, model and mode, so every execution's poll schedule starts from what earlier
 * executions learned. Bounded: a few recent durations per pool, a bounded number of pools.
 */

/** Durations kept per pool (the schedule looks at the most recent RECENT_DURATIONS of them). */
const KEPT_DURATIONS = 50;

/** Pools kept at most; the least recently used is dropped first. */
const MAX_POOLS = 500;

/** The pool of tasks whose model and mode are not known (Get Task reads a task made elsewhere). */
const ANY = '*';

const pools = new Map<string, number[]>();

const poolName = (account: string, model = ANY, mode = ANY) => `${account}|${model}|${mode}`;

function pool(name: string, create: boolean): number[] | undefined {
	let durations = pools.get(name);
	if (durations) {
		// Re-inserting keeps the map in least-recently-used order.
		pools.delete(name);
		pools.set(name, durations);
	} else if (create) {
		durations = [];
		pools.set(name, durations);
		if (pools.size > MAX_POOLS) pools.delete(pools.keys().next().value as string);
	}
	return durations;
}

/** Records a finished task's duration under its model and mode and under the account's any-pool. */
export function recordDuration(
	ms: number | undefined,
	account: string,
	model?: string,
	mode?: string,
): void {
	if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return;
	const names = new Set([poolName(account, model, mode), poolName(account)]);
	for (const name of names) {
		const durations = pool(name, true)!;
		durations.push(ms);
		if (durations.length > KEPT_DURATIONS) durations.shift();
	}
}

/**
 * The durations that predict a task of this model and mode, oldest first: its own pool, or the
 * account's any-pool while the model and mode have none (or are unknown).
 */
export function observedDurations(
	account: string,
	model?: string,
	mode?: string,
): readonly number[] {
	const own =
		model !== undefined && mode !== undefined
			? pool(poolName(account, model, mode), false)
			: undefined;
	return own && own.length > 0 ? own : (pool(poolName(account), false) ?? []);
}
