/**
 * api/schedule.ts with a floor (video tasks): at most one status check per floor while nothing
 * predicts the end, dense checks inside a predicted window still allowed.
 */
import { DENSE_MIN_MS, nextPollDelay } from '../../nodes/Wanx/api/schedule';

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
