/**
 * nodes/Wanx/api/schedule.ts: when the next poll goes, as tables, plus a simulation of whole waits
 * (pure arithmetic, no clock) checking the design targets: a finished task is seen within 1 s
 * (median) at no more than 1 poll per second without a prediction, and within 0.5 s (median,
 * p90 1 s) at no more than 0.5 polls per second once the process knows the task times. The
 * measured figures come from `npm run bench`.
 */
import {
	BASE_CAP_MS,
	FIRST_POLL_MS,
	LONG_CAP_MS,
	MIN_DELAY_MS,
	SPARSE_CAP_MS,
	TRUSTED_DURATIONS,
	baseInterval,
	nextPollDelay,
	predictWindow,
	type PollState,
} from '../../nodes/Wanx/api/schedule';

describe('the user interval overrides everything', () => {
	it.each<[Partial<PollState>]>([
		[{ elapsedMs: 0, polls: 0 }],
		[{ elapsedMs: 50_000, polls: 30 }],
		[{ elapsedMs: 4000, polls: 1, observedMs: [5000] }],
	])('%j with 10 s → 10 s', (state) => {
		expect(nextPollDelay({ elapsedMs: 0, polls: 0, ...state, fixedIntervalMs: 10_000 })).toBe(
			10_000,
		);
	});

	it('0 or a negative interval means "let the node choose"', () => {
		expect(nextPollDelay({ elapsedMs: 0, polls: 0, fixedIntervalMs: 0 })).toBe(FIRST_POLL_MS);
		expect(nextPollDelay({ elapsedMs: 0, polls: 0, fixedIntervalMs: -5 })).toBe(FIRST_POLL_MS);
	});
});

describe('without a prediction: fast first polls, growing to a cap', () => {
	it.each<[number, number, number]>([
		// elapsedMs, polls, delay
		[0, 0, 1000],
		[300, 0, 700], // the first poll lands 1 s after the submission, whatever the create took
		[900, 0, MIN_DELAY_MS],
		[5000, 0, MIN_DELAY_MS],
		[1000, 1, 1000],
		[3000, 3, 1000],
		[4000, 4, 1000],
		[5000, 5, 1250],
		[6000, 6, 1500],
		[30_000, 20, 1500],
		[120_000, 80, 1500],
		[180_000, 120, 1500],
		[300_000, 150, 2500],
		[600_000, 200, 5000],
		[3_600_000, 900, 5000],
	])('elapsed %s ms, %s polls → %s ms', (elapsedMs, polls, delay) => {
		expect(nextPollDelay({ elapsedMs, polls })).toBe(delay);
		expect(nextPollDelay({ elapsedMs, polls, observedMs: [] })).toBe(delay);
	});

	it('the base interval never shrinks as time goes on', () => {
		let previous = 0;
		for (let elapsed = 0; elapsed <= 3_600_000; elapsed += 500) {
			const interval = baseInterval(elapsed);
			expect(interval).toBeGreaterThanOrEqual(previous);
			expect(interval).toBeLessThanOrEqual(LONG_CAP_MS);
			previous = interval;
		}
	});
});

describe('predictWindow: the expected end from the durations seen so far', () => {
	it.each<[string, number[] | undefined, ReturnType<typeof predictWindow>]>([
		['nothing seen', undefined, undefined],
		['empty', [], undefined],
		['only unusable values', [0, -5, Number.NaN, Number.POSITIVE_INFINITY], undefined],
		['one 5 s task: ±750 ms', [5000], { startMs: 4250, endMs: 5750, denseMs: 800 }],
		['one 120 s task: ±5%', [120_000], { startMs: 114_000, endMs: 126_000, denseMs: 800 }],
		[
			'27–33 s: the span ± 5% of the median',
			[27_000, 33_000, 30_000],
			{ startMs: 25_500, endMs: 34_500, denseMs: 800 },
		],
		[
			'a wide spread: margin from the (upper) median, dense interval capped at the base cap',
			[20_000, 200_000],
			{ startMs: 10_000, endMs: 210_000, denseMs: BASE_CAP_MS },
		],
		['very short tasks: the window starts at 0', [300], { startMs: 0, endMs: 1050, denseMs: 800 }],
		[
			'junk among good values is ignored',
			[Number.NaN, 5000, -1],
			{ startMs: 4250, endMs: 5750, denseMs: 800 },
		],
		[
			`${TRUSTED_DURATIONS} durations: from half an interval after the shortest to one past the longest`,
			[4500, 4800, 5000, 5200, 5500],
			{ startMs: 4900, endMs: 6300, denseMs: 800 },
		],
		[
			'trusted and all alike: the first poll just after the expected end',
			[5000, 5000, 5000, 5000, 5000],
			{ startMs: 5050, endMs: 5800, denseMs: 800 },
		],
		[
			'a trusted wide span: the interval grows with it',
			[60_000, 90_000, 120_000, 150_000, 180_000],
			{ startMs: 60_750, endMs: 181_500, denseMs: BASE_CAP_MS },
		],
	])('%s', (_name, observed, window) => {
		expect(predictWindow(observed)).toEqual(window);
	});

	it('only the 20 most recent durations count', () => {
		const old = Array.from({ length: 30 }, () => 100_000);
		const recent = Array.from({ length: 20 }, () => 10_000);
		expect(predictWindow([...old, ...recent])).toEqual({
			startMs: 10_050,
			endMs: 10_800,
			denseMs: 800,
		});
	});
});

describe('with a prediction: sparse, then dense around the expected end, then back off', () => {
	/** The elapsed times of the polls (instant answers), until `untilMs`. */
	function pollTimes(observedMs: number[], untilMs: number): number[] {
		const times: number[] = [];
		for (let elapsed = 0, polls = 0; elapsed < untilMs; polls++) {
			elapsed += nextPollDelay({ elapsedMs: elapsed, polls, observedMs });
			times.push(elapsed);
		}
		return times;
	}

	it('5 s tasks: the first poll at the window start, then every 800 ms', () => {
		expect(pollTimes([5000], 6000)).toEqual([4250, 5050, 5850, 6675]); // the last one past the window, backing off
	});

	it('120 s tasks: sparse steps grow to 10 s and the last one lands on the window start', () => {
		const times = pollTimes([120_000], 117_000);
		const sparse = times.filter((t) => t <= 114_000);
		expect(sparse[0]).toBe(3000);
		expect(sparse[sparse.length - 1]).toBe(114_000);
		const gaps = sparse.slice(1).map((t, i) => t - sparse[i]);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(SPARSE_CAP_MS * 1.5);
		expect(times.filter((t) => t > 114_000)).toEqual([114_800, 115_600, 116_400, 117_200]);
	});

	it.each<[number, number]>([
		// elapsedMs after a 5 s window [4250, 5750] (dense 800) → delay
		[5750, 800],
		[6750, 1050],
		[7750, 1300],
		[12_000, BASE_CAP_MS], // then the base schedule
		[60_000, BASE_CAP_MS],
		[900_000, LONG_CAP_MS],
	])('past the window at %s ms → %s ms', (elapsedMs, delay) => {
		expect(nextPollDelay({ elapsedMs, polls: 10, observedMs: [5000] })).toBe(delay);
	});

	it('every delay stays between the floor and the longer of the long cap and a landing sparse step', () => {
		const observations = [
			[],
			[1000],
			[5000],
			[30_000],
			[120_000],
			[10_000, 300_000],
			[4500, 4800, 5000, 5200, 5500],
		];
		for (const observedMs of observations) {
			for (let elapsedMs = 0; elapsedMs < 1_000_000; elapsedMs += 777) {
				const delay = nextPollDelay({ elapsedMs, polls: elapsedMs === 0 ? 0 : 1, observedMs });
				expect(delay).toBeGreaterThanOrEqual(MIN_DELAY_MS);
				expect(delay).toBeLessThanOrEqual(Math.max(LONG_CAP_MS, SPARSE_CAP_MS * 1.5));
			}
		}
	});
});

describe('simulated waits meet the design targets (median detection ≤ 1 s, ≤ 1 poll/s)', () => {
	/** One wait with a fixed answer latency: detection delay and polls for a task of `durationMs`. */
	function simulate(durationMs: number, observedMs: number[], latencyMs = 50) {
		let elapsed = 0;
		for (let polls = 0; ; ) {
			elapsed += nextPollDelay({ elapsedMs: elapsed, polls, observedMs }) + latencyMs;
			polls++;
			if (elapsed >= durationMs) return { delayMs: elapsed - durationMs, polls };
		}
	}

	/** 101 tasks whose durations spread ±`spread` around T; the median delay and the polls per second. */
	function measure(taskMs: number, spread: number, observedMs: number[]) {
		const runs = Array.from({ length: 101 }, (_, i) => {
			const duration = taskMs * (1 - spread + (2 * spread * i) / 100);
			return { ...simulate(duration, observedMs), duration };
		});
		const delays = runs.map((run) => run.delayMs).sort((a, b) => a - b);
		const pollsPerSecond =
			runs.reduce((sum, run) => sum + run.polls / (run.duration / 1000), 0) / runs.length;
		return { median: delays[50], p90: delays[90], pollsPerSecond };
	}

	it.each<[string, number, number, (t: number) => number[]]>([
		['5 s, nothing known', 5000, 0.02, () => []],
		['30 s, nothing known', 30_000, 0.02, () => []],
		['120 s, nothing known', 120_000, 0.02, () => []],
		['5 s, ±10%, predicted', 5000, 0.1, (t) => [t * 0.9, t, t * 1.1]],
		['30 s, ±10%, predicted', 30_000, 0.1, (t) => [t * 0.9, t, t * 1.1]],
		['120 s, ±10%, predicted', 120_000, 0.1, (t) => [t * 0.9, t, t * 1.1]],
		['120 s, predicted from a single task', 120_000, 0.02, (t) => [t]],
	])('%s', (_name, taskMs, spread, observed) => {
		const { median, pollsPerSecond } = measure(taskMs, spread, observed(taskMs));
		expect(median).toBeLessThanOrEqual(1000);
		expect(pollsPerSecond).toBeLessThanOrEqual(1.05);
	});

	it.each<[number]>([[5000], [30_000], [120_000]])(
		'%s ms, ±10%%, the process knows 20 earlier durations: median ≤ 0.5 s, p90 ≤ 1 s, ≤ 0.5 polls/s',
		(taskMs) => {
			const known = Array.from(
				{ length: 20 },
				(_, i) => taskMs * (0.9 + (0.2 * ((i * 7) % 20)) / 19),
			);
			const { median, p90, pollsPerSecond } = measure(taskMs, 0.1, known);
			expect(median).toBeLessThanOrEqual(500);
			expect(p90).toBeLessThanOrEqual(1000);
			expect(pollsPerSecond).toBeLessThanOrEqual(0.5);
		},
	);

	it('a prediction polls less than no prediction for 30 s and 120 s tasks', () => {
		for (const taskMs of [30_000, 120_000]) {
			const known = measure(taskMs, 0.1, [taskMs * 0.9, taskMs * 1.1]);
			const unknown = measure(taskMs, 0.1, []);
			expect(known.pollsPerSecond).toBeLessThan(unknown.pollsPerSecond * 0.8);
		}
	});

	it('a wrong prediction costs at most the sparse step in delay, never a runaway', () => {
		const tooLong = measure(30_000, 0.02, [120_000]);
		expect(tooLong.median).toBeLessThanOrEqual(SPARSE_CAP_MS);
		const tooShort = measure(120_000, 0.02, [30_000]);
		expect(tooShort.median).toBeLessThanOrEqual(1000);
		expect(tooShort.pollsPerSecond).toBeLessThanOrEqual(1);
	});
});
