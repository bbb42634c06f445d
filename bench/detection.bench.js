'use strict';
/**
 * (b) Detection: task end → the first poll that sees it, and polls per task, for 5, 30 and 120 s
 * tasks (±10 % spread, seeded), the adaptive schedule against fixed 10 s and 15 s intervals. All
 * nine cases run at once, each on its own emulator. The adaptive schedule is measured twice on
 * its emulator: the first execution (cold) and the next one (warm: the process knows the
 * account's task times).
 */
const { startEmulator } = require('../test/emulator');
const { runWanx } = require('../test/engine/harness');
const { IMAGE, credentials, prng, quantile, median, mean, taskMetrics } = require('./lib/measure');
const { s, table } = require('./lib/report');

const SCHEDULES = [
	{ name: 'adaptive (default)', pollInterval: 0 },
	{ name: 'fixed 10 s', pollInterval: 10 },
	{ name: 'fixed 15 s', pollInterval: 15 },
];

async function detectionCase(taskS, schedule, items, seed, scale) {
	const random = prng(seed);
	const taskMs = taskS * 1000 * scale;
	const byPrompt = Array.from({ length: items }, (_, i) => ({
		match: `[job ${i}]`,
		pendingMs: 0,
		runningMs: Math.round(taskMs * (0.9 + 0.2 * random())),
	}));
	const emu = await startEmulator({ taskTimings: { pendingMs: 0, runningMs: taskMs, byPrompt } });
	const execute = () =>
		runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: '={{ "a cat [job " + $json.i + "]" }}',
				referenceImages: { images: [IMAGE] },
				options: {
					downloadImages: false,
					pollInterval: schedule.pollInterval * scale,
					maxWait: 900,
				},
			},
			items: Array.from({ length: items }, (_, i) => ({ json: { i } })),
			credentials: credentials(emu),
		});
	const measure = async (phase) => {
		const result = await execute();
		if (result.status !== 'success')
			throw new Error(`detection ${taskS}s/${schedule.name} failed: ${result.error?.message}`);
		const metrics = taskMetrics(emu);
		const stats = emu.stats();
		emu.reset();
		return {
			taskS,
			schedule: schedule.name + (schedule.pollInterval ? '' : `, ${phase}`),
			items,
			wallMs: result.ms,
			medianDetection: median(metrics.map((m) => m.detectionMs)),
			p90Detection: quantile(
				metrics.map((m) => m.detectionMs),
				0.9,
			),
			pollsPerTask: mean(metrics.map((m) => m.polls)),
			pollsPerSecond: mean(metrics.map((m) => m.polls / (m.durationMs / 1000))),
			throttled: stats.throttled,
		};
	};
	try {
		// The adaptive schedule learns task times per account, model and mode across the
		// executions of the process: the first execution runs cold, the next one warm.
		const cold = await measure('cold (first execution)');
		return schedule.pollInterval ? [cold] : [await measure('warm (next execution)'), cold];
	} finally {
		await emu.close();
	}
}

async function run({ scale, quick }) {
	const cases = [];
	for (const [taskS, items] of [
		[5, 20],
		[30, 15],
		[120, 10],
	]) {
		for (const schedule of SCHEDULES)
			cases.push(
				detectionCase(taskS, schedule, quick ? Math.min(items, 10) : items, 1000 + taskS, scale),
			);
	}
	return (await Promise.all(cases)).flat();
}

function print(rows, { scale }) {
	table(
		'(b) detection delay (task end → first poll that sees it) and polls, tasks ±10% around T, Concurrency 5, limit 5 running',
		[
			'T',
			'schedule',
			'tasks',
			'median delay s',
			'p90 delay s',
			'polls/task',
			'polls/s/task',
			'429s',
			'wall s',
		],
		rows.map((r) => [
			`${r.taskS * scale} s`,
			r.schedule,
			r.items,
			s(r.medianDetection),
			s(r.p90Detection),
			r.pollsPerTask.toFixed(1),
			r.pollsPerSecond.toFixed(2),
			r.throttled,
			s(r.wallMs, 1),
		]),
	);
}

module.exports = { section: 'b', run, print };
