/**
 * nodes/Wanx/transport/limits.ts: the sliding-window gate
 * keeps any window under the account limits of docs/dashscope-notes.md §6.1 (5 submissions/s, 20 task
 * queries/s) while letting calls through at once when there is room. The clock is injected.
 */
import { POLLS_PER_SECOND } from '../../nodes/Wanx/transport/account';
import { RateGate, WINDOW_MARGIN_MS } from '../../nodes/Wanx/transport/limits';

describe('RateGate: limit and window from a rate', () => {
	it.each<[number, number, number]>([
		// perSecond, grants per window, window (ms, with the margin)
		[5, 5, 1000 + WINDOW_MARGIN_MS],
		[15, 15, 1000 + WINDOW_MARGIN_MS],
		[1, 1, 1000 + WINDOW_MARGIN_MS],
		[2.5, 2, 1000 + WINDOW_MARGIN_MS], // whole calls: 2.5/s allows 2 in any second
		[0.5, 1, 2000 + WINDOW_MARGIN_MS],
		[0.3, 1, 3334 + WINDOW_MARGIN_MS],
		[50, 50, 1000 + WINDOW_MARGIN_MS],
		[0, 0, 0],
		[-1, 0, 0],
		[Number.NaN, 0, 0],
		[Number.POSITIVE_INFINITY, 0, 0],
	])('%s per second → %s per %s ms', (perSecond, limit, windowMs) => {
		const gate = new RateGate(perSecond);
		expect(gate.limit).toBe(limit);
		expect(gate.windowMs).toBe(windowMs);
	});
});

describe('RateGate.reserve', () => {
	it('5/s: a burst of 12 at t=0 goes 5 at once, then 5 after one window, then 2 after two', () => {
		const gate = new RateGate(5);
		const waits = Array.from({ length: 12 }, () => gate.reserve(0));
		expect(waits).toEqual([0, 0, 0, 0, 0, 1100, 1100, 1100, 1100, 1100, 2200, 2200]);
	});

	it('the wait shrinks as the clock advances', () => {
		const gate = new RateGate(5);
		for (let i = 0; i < 5; i++) gate.reserve(0);
		expect(gate.reserve(600)).toBe(500);
		expect(gate.reserve(1100)).toBe(0);
	});

	it('calls spread below the rate are never delayed', () => {
		const gate = new RateGate(5);
		for (let t = 0; t < 20_000; t += 250) expect(gate.reserve(t)).toBe(0);
	});

	it('a quiet spell frees the whole window again', () => {
		const gate = new RateGate(5);
		for (let i = 0; i < 10; i++) gate.reserve(0);
		const later = 10_000;
		expect(Array.from({ length: 6 }, () => gate.reserve(later))).toEqual([0, 0, 0, 0, 0, 1100]);
	});

	it('0.5/s: one call every 2.1 s', () => {
		const gate = new RateGate(0.5);
		expect([gate.reserve(0), gate.reserve(0), gate.reserve(0), gate.reserve(5000)]).toEqual([
			0, 2100, 4200, 1300,
		]);
	});

	it('no limit: never waits', () => {
		const gate = new RateGate(0);
		expect(Array.from({ length: 100 }, () => gate.reserve(0)).every((wait) => wait === 0)).toBe(
			true,
		);
	});

	it('grants never go back in time and the booked count never exceeds the limit', () => {
		const gate = new RateGate(5);
		const grants: number[] = [];
		for (let i = 0; i < 40; i++) {
			const now = i * 37;
			const at = now + gate.reserve(now);
			expect(at).toBeGreaterThanOrEqual(grants.at(-1) ?? -Infinity);
			grants.push(at);
			expect(grants.filter((time) => time > at - gate.windowMs).length).toBeLessThanOrEqual(5);
		}
	});

	/** The emulator's (and, as far as documented, DashScope's) rule: at most N arrivals per sliding second. */
	function serverAccepts(arrivals: number[], limit: number): number {
		const window: number[] = [];
		let rejected = 0;
		for (const time of [...arrivals].sort((a, b) => a - b)) {
			while (window.length && time - window[0] >= 1000) window.shift();
			if (window.length >= limit) rejected++;
			else window.push(time);
		}
		return rejected;
	}

	it.each<[string, number, number]>([
		['submissions', 5, 5],
		['polls', POLLS_PER_SECOND, 20],
	])(
		'%s: random callers with up to ±40 ms network jitter are never throttled by the server',
		(_name, perSecond, serverLimit) => {
			let seed = 42;
			const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
			for (let run = 0; run < 50; run++) {
				const gate = new RateGate(perSecond);
				const arrivals: number[] = [];
				let now = 0;
				for (let i = 0; i < 200; i++) {
					now += random() < 0.5 ? 0 : random() * 300; // bursts and gaps
					const sendAt = now + gate.reserve(now);
					arrivals.push(sendAt + 20 + random() * 40); // arrival = send + latency with jitter
				}
				expect(serverAccepts(arrivals, serverLimit)).toBe(0);
			}
		},
	);

	it('throughput under a steady overload stays close to the limit (5 per 1.1 s)', () => {
		const gate = new RateGate(5);
		let last = 0;
		for (let i = 0; i < 500; i++) last = Math.max(last, gate.reserve(0));
		// 500 calls at 5 per 1100 ms: the last one goes at 99 windows.
		expect(last).toBe(99 * 1100);
	});
});

describe('RateGate.answered and cancel: the window counts from when a call surely arrived', () => {
	it('a call answered late pushes the next window back; a cancelled booking frees its place', () => {
		const gate = new RateGate(1);
		expect(gate.reserve(0)).toBe(0);
		gate.answered(0, 400); // the call was answered at 400, so it arrived by then
		expect(gate.reserve(500)).toBe(400 + gate.windowMs - 500);
		gate.cancel(400 + gate.windowMs);
		gate.answered(0, 0); // unknown or earlier times change nothing
		// Only the answered call still counts: the cancelled booking left no place taken behind it.
		expect(gate.reserve(500)).toBe(400 + gate.windowMs - 500);
	});
});
