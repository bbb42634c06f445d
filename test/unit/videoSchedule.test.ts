/**
 * api/schedule.ts with a floor (video tasks): at most one status check per floor while nothing
 * predicts the end, and no more checks over a whole task than that, dense checks inside a
 * predicted window paid for by sparse ones before it.
 */
import {
	DENSE_MIN_MS,
	SPARSE_CAP_MS,
	TRUSTED_DURATIONS,
	nextPollDelay,
} from '../../nodes/Wanx/api/schedule';

/** Status checks made over a task of `taskMs`, and how late its end is seen. */
function simulate(taskMs: number, floorMs: number, observedMs?: number[]) {
	let elapsed = 0;
	let polls = 0;
	while (elapsed < taskMs) {
		elapsed += nextPollDelay({ elapsedMs: elapsed, polls, floorMs, observedMs });
		polls++;
	}
	return { polls, perSecond: polls / (elapsed / 1000), lateMs: elapsed - taskMs };
}

test.each([60_000, 300_000])(
	'a %i ms video task without a prediction: ≤ 0.2 checks per second, seen ≤ 5 s late',
	(taskMs) => {
		const { perSecond, lateMs } = simulate(taskMs, 5000);
		expect(perSecond).toBeLessThanOrEqual(0.2);
		expect(lateMs).toBeLessThanOrEqual(5000);
	},
);

test('with learnt durations the end is seen within a dense interval, still ≤ 0.2 checks per second', () => {
	const observed = [118_000, 121_000, 119_500, 122_000, 120_000];
	const { perSecond, lateMs } = simulate(120_500, 5000, observed);
	expect(lateMs).toBeLessThanOrEqual(DENSE_MIN_MS);
	expect(perSecond).toBeLessThanOrEqual(0.2);
});

test('without a floor the image schedule is unchanged (first check after 1 s)', () => {
	expect(nextPollDelay({ elapsedMs: 0, polls: 0 })).toBe(1000);
	expect(nextPollDelay({ elapsedMs: 0, polls: 0, floorMs: 5000 })).toBe(5000);
});

/** Durations spread evenly ±`spread` around `taskMs` (`count` of them). */
const spreadAround = (taskMs: number, spread: number, count: number) =>
	Array.from({ length: count }, (_, i) => taskMs * (1 - spread + (2 * spread * i) / (count - 1)));

test.each<[number, number]>([
	[60_000, 20],
	[300_000, 20],
	[60_000, 1],
	[300_000, 1],
	[300_000, 3],
])(
	'%i ms video tasks ±10%%, %i learnt durations: every task, early or late in the span, costs no more checks than one per 5 s',
	(taskMs, count) => {
		const observed = count === 1 ? [taskMs] : spreadAround(taskMs, 0.1, count);
		for (const duration of spreadAround(taskMs, 0.1, 21)) {
			const { polls, lateMs } = simulate(duration, 5000, observed);
			// Counting the check that sees the end: the same as polling every 5 s.
			expect(polls).toBeLessThanOrEqual(Math.ceil(duration / 5000));
			// A task ending well before a window learnt from few durations is seen at the next
			// sparse step.
			expect(lateMs).toBeLessThanOrEqual(count >= TRUSTED_DURATIONS ? 5000 : SPARSE_CAP_MS * 1.5);
		}
	},
);

test('with 20 learnt durations the budget still buys detection well within the floor (median ≤ 1.5 s)', () => {
	for (const taskMs of [60_000, 300_000]) {
		const observed = spreadAround(taskMs, 0.1, 20);
		const late = spreadAround(taskMs, 0.1, 21)
			.map((duration) => simulate(duration, 5000, observed).lateMs)
			.sort((a, b) => a - b);
		expect(late[10]).toBeLessThanOrEqual(1500);
	}
});
