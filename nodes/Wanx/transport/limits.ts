/**
 * Rate gates (docs/dashscope-notes.md §6.1): task submissions (create and sync calls, 5 per
 * second per account) and task queries (`GET /tasks/{id}`, 20 per second per account);
 * account.ts shares them across executions. Pure: the caller passes the clock reading and sleeps
 * the delay it gets back, so the logic is tested without timers.
 */

/**
 * Added to every window: the limit is counted where requests arrive, and network jitter can bring
 * two requests sent 1000 ms apart closer together than that.
 */
export const WINDOW_MARGIN_MS = 100;

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

	/** Grant times still inside a window, booked or moved to when the call was answered, sorted. */
	private grants: number[] = [];

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
		const grants = (this.grants = this.grants.filter((time) => time > now - this.windowMs));
		let at =
			grants.length < this.limit
				? now
				: Math.max(now, grants[grants.length - this.limit] + this.windowMs);
		if (grants.length > 0) at = Math.max(at, grants[grants.length - 1]);
		grants.push(at);
		return at - now;
	}

	/**
	 * At a booked time: the wait still needed (0: go now, the booking then stands at `now`).
	 * Calls answered later than booked (see `answered`) may have moved the window meanwhile; the
	 * other bookings still ahead in time do not count, so waiters keep their order.
	 */
	recheck(bookedAt: number, now: number): number {
		if (this.limit === 0) return 0;
		const index = this.grants.lastIndexOf(bookedAt);
		const others = this.grants.filter(
			(time, i) => i !== index && time > now - this.windowMs && time <= now,
		);
		if (others.length >= this.limit)
			return others[others.length - this.limit] + this.windowMs - now;
		if (index >= 0) this.grants[index] = now;
		else this.grants.push(now);
		this.grants.sort((a, b) => a - b);
		return 0;
	}

	/** Gives a booking back (the call was not sent). */
	cancel(bookedAt: number): void {
		const index = this.grants.lastIndexOf(bookedAt);
		if (index >= 0) this.grants.splice(index, 1);
	}

	/**
	 * Moves a grant to when its call was answered: it reached DashScope (where the limit is
	 * counted) before that, however long a busy event loop or the network held it on the way.
	 */
	answered(bookedAt: number, answeredAt: number): void {
		if (this.limit === 0 || answeredAt <= bookedAt) return;
		const index = this.grants.lastIndexOf(bookedAt);
		if (index < 0) return;
		this.grants[index] = answeredAt;
		this.grants.sort((a, b) => a - b);
	}
}
