/**
 * Rate gates (dashscope-api.md §6.1): task submissions (create and sync calls, 5 per second per
 * account) and task queries (`GET /tasks/{id}`, 20 per second per account); account.ts shares
 * them across executions. Pure: the caller passes the clock reading and sleeps the delay it gets
 * back, so the logic is tested without timers.
 */

/** DashScope's documented task-submission limit for wan2.6-image in every region. */
export const DEFAULT_SUBMITS_PER_SECOND = 5;

/**
 * Added to every window: the limit is counted where requests arrive, and network jitter can bring
 * two requests sent 1000 ms apart closer together than that.
 */
export const WINDOW_MARGIN_MS = 100;

export type GateKind = 'submit' | 'poll';

/** Which gate a call goes through: task submissions, task queries, or none (cancel, downloads). */
export function gateKind(method: string, path: string): GateKind | undefined {
	if (method === 'POST' && /\/services\/aigc\/[^?]*\/generation(?:\?|$)/.test(path)) return 'submit';
	if (method === 'GET' && /\/tasks\/[^/?]+(?:\?|$)/.test(path)) return 'poll';
	return undefined;
}

/**
 * At most `limit` grants in any window of `windowMs`: the sliding-window rule the service applies
 * ("N per second"), not a token bucket, whose refill would allow N+1 calls within one second.
 * A grant may lie in the future: `reserve` books the earliest free slot and says how long to wait,
 * so concurrent callers queue up in order without a timer of their own.
 */
export class RateGate {
	/** Grants per window; 0 means no limit. */
	readonly limit: number;

	readonly windowMs: number;

	/** The last `limit` grant times, oldest first (never decreasing). */
	private readonly grants: number[] = [];

	/**
	 * @param perSecond the allowed rate; fractions below 1 mean one call per 1/perSecond seconds,
	 *   above 1 they round down (a window holds whole calls). 0, negative or NaN: no limit.
	 */
	constructor(perSecond: number, marginMs = WINDOW_MARGIN_MS) {
		if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
			this.limit = 0;
			this.windowMs = 0;
			return;
		}
		const baseWindow = Math.max(1000, 1000 / perSecond);
		this.limit = Math.max(1, Math.floor((perSecond * baseWindow) / 1000 + 1e-9));
		this.windowMs = Math.ceil(baseWindow) + Math.max(0, marginMs);
	}

	/** Books the earliest slot at or after `now` and returns the wait until it (0: go now). */
	reserve(now: number): number {
		if (this.limit === 0) return 0;
		const grants = this.grants;
		let at = grants.length < this.limit ? now : Math.max(now, grants[0] + this.windowMs);
		if (grants.length > 0) at = Math.max(at, grants[grants.length - 1]);
		grants.push(at);
		if (grants.length > this.limit) grants.shift();
		return at - now;
	}

	/** Grants booked in the window that ends at `now` (for tests and diagnostics). */
	inWindow(now: number): number {
		return this.grants.filter((time) => time > now - this.windowMs && time <= now).length;
	}
}
