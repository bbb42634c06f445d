'use strict';
/**
 * (i) Detection for video tasks: task end → the first status check that sees it, and status checks
 * per task-second, for 60 s and 300 s tasks (±10 % spread, seeded), 5 tasks per execution at
 * Concurrency 5. Time is compressed: the emulator runs its tasks at `timeScale` and the node's
 * poll schedule alike (lib/nodeTime.js); every figure is given back at full length. The adaptive
 * schedule is measured on its emulator in the first execution (cold: nothing learnt, the video
 * floor of one check per 5 s until the first task of the execution ends) and the next two (warm:
 * the process knows the model's task times). Timer lag is stretched by 1/scale alike, so a loaded
 * machine shows larger delays here than at full length. Baseline, run at the same time: a fixed 5 s Poll Interval, the densest fixed interval
 * within 0.2 checks per second.
 */
const { startEmulator } = require('../test/emulator');
const { runWanx } = require('../test/engine/harness');
const { credentials, prng, quantile, median, mean, taskMetrics } = require('./lib/measure');
const { compressPollSchedule } = require('./lib/nodeTime');
const { s, table } = require('./lib/report');

const ITEMS = 5;
/**
 * Time compression per task length: the node keeps its real account gate (15 status checks per
 * second), so the compressed checks of 5 tasks polled densely at once must stay under it.
 */
const CASES = [
	{ taskS: 60, scale: 0.5 },
	{ taskS: 300, scale: 0.25 },
];
const SCHEDULES = [
	{ name: 'adaptive (default)', pollInterval: 0 },
	{ name: 'fixed 5 s', pollInterval: 5 },
];

async function detectionCase({ taskS, scale }, schedule, seed) {
	const random = prng(seed);
	const taskMs = taskS * 1000;
	const byPrompt = Array.from({ length: ITEMS }, (_, i) => ({
		match: `[clip ${i}]`,
		pendingMs: 0,
		runningMs: Math.round(taskMs * (0.9 + 0.2 * random())),
	}));
	const emu = await startEmulator({
		taskTimings: { pendingMs: 0, runningMs: taskMs, byPrompt },
		timeScale: scale,
		limits: false,
	});
	const execute = () =>
		runWanx({
			parameters: {
				resource: 'video',
				operation: 'generateAsync',
				model: 'wan2.7-t2v',
				prompt: '={{ "a paper boat drifts down a rain gutter [clip " + $json.i + "]" }}',
				options: { downloadVideo: false, pollInterval: schedule.pollInterval },
			},
			items: Array.from({ length: ITEMS }, (_, i) => ({ json: { i } })),
			credentials: credentials(emu),
			typeVersion: 2,
		});
	const measure = async (phase, executions = 1) => {
		const metrics = [];
		for (let e = 0; e < executions; e++) {
			const result = await execute();
			if (result.status !== 'success')
				throw new Error(
					`video detection ${taskS}s/${schedule.name} failed: ${result.error?.message}`,
				);
			// Back to full length: the emulator's clock ran `scale` times as fast.
			for (const m of taskMetrics(emu))
				metrics.push({
					durationMs: m.durationMs / scale,
					detectionMs: m.detectionMs / scale,
					polls: m.polls,
				});
			emu.reset();
		}
		const delays = metrics.map((m) => m.detectionMs);
		return {
			taskS,
			scale,
			schedule: schedule.name + (schedule.pollInterval ? '' : `, ${phase}`),
			tasks: metrics.length,
			medianDetection: median(delays),
			p90Detection: quantile(delays, 0.9),
			medianFraction: median(metrics.map((m) => m.detectionMs / m.durationMs)),
			maxFraction: Math.max(...metrics.map((m) => m.detectionMs / m.durationMs)),
			pollsPerTask: mean(metrics.map((m) => m.polls)),
			pollsPerSecond: mean(metrics.map((m) => m.polls / (m.durationMs / 1000))),
			maxPollsPerSecond: Math.max(...metrics.map((m) => m.polls / (m.durationMs / 1000))),
		};
	};
	try {
		const cold = await measure('cold (first execution)');
		return schedule.pollInterval ? [cold] : [await measure('warm (next two executions)', 2), cold];
	} finally {
		await emu.close();
	}
}

/** One time scale for the whole process (the schedule is one module): the cases run one after the other. */
async function run({ quick }) {
	const rows = [];
	for (const testCase of CASES) {
		const scaled = { ...testCase, scale: testCase.scale * (quick ? 0.25 : 1) };
		compressPollSchedule(scaled.scale);
		try {
			const cases = SCHEDULES.map((schedule) =>
				detectionCase(scaled, schedule, 2000 + testCase.taskS),
			);
			rows.push(...(await Promise.all(cases)).flat());
		} finally {
			compressPollSchedule(1);
		}
	}
	return rows;
}

function print(rows) {
	table(
		`(i) video detection delay (task end → first status check that sees it), ${ITEMS} tasks ±10% around T per execution, wan2.7-t2v, Concurrency 5; time compressed (emulator timeScale and the node's schedule alike), figures at full length; checks per task-second count the check that sees the end`,
		[
			'T',
			'time scale',
			'schedule',
			'tasks',
			'median delay s',
			'p90 delay s',
			'median delay / T',
			'max delay / T',
			'checks/task',
			'checks per task-second',
			'max per task',
		],
		rows.map((r) => [
			`${r.taskS} s`,
			r.scale,
			r.schedule,
			r.tasks,
			s(r.medianDetection),
			s(r.p90Detection),
			`${(r.medianFraction * 100).toFixed(2)} %`,
			`${(r.maxFraction * 100).toFixed(2)} %`,
			r.pollsPerTask.toFixed(1),
			r.pollsPerSecond.toFixed(3),
			r.maxPollsPerSecond.toFixed(3),
		]),
	);
}

module.exports = { section: 'i', run, print };
