'use strict';
/**
 * (a) Throughput: 20 items of 5 s tasks under the 5-running-tasks limit at Concurrency 5 (the
 * default), against the ideal (4 rounds of tasks) and against Concurrency 1 (strictly
 * sequential), both run at once on their own emulators. Cold: no warm-up execution.
 */
const { startEmulator } = require('../test/emulator');
const { runWanx } = require('../test/engine/harness');
const { IMAGE, credentials, median, taskMetrics } = require('./lib/measure');
const { s, table } = require('./lib/report');

async function run({ scale }) {
	const taskMs = 5000 * scale;
	const items = 20;
	const execute = async (concurrency) => {
		const emu = await startEmulator({ taskTimings: { pendingMs: 0, runningMs: taskMs } });
		try {
			const result = await runWanx({
				parameters: {
					operation: 'generateAsync',
					prompt: 'a cat on a sofa',
					referenceImages: { images: [IMAGE] },
					options: { downloadImages: false, concurrency },
				},
				items: Array.from({ length: items }, (_, i) => ({ json: { i } })),
				credentials: credentials(emu),
			});
			if (result.status !== 'success')
				throw new Error(`throughput run failed: ${result.error?.message}`);
			const stats = emu.stats();
			return { ms: result.ms, stats, metrics: taskMetrics(emu) };
		} finally {
			await emu.close();
		}
	};
	const [parallel, sequential] = await Promise.all([execute(5), execute(1)]);
	const ideal = Math.ceil(items / 5) * taskMs;
	return { taskMs, items, ideal, parallel, sequential };
}

function print({ ideal, parallel: p, sequential: q, items, taskMs }) {
	table(
		`(a) ${items} items × ${s(taskMs, 1)} s tasks, account limit 5 running tasks (ideal ${s(ideal, 0)} s)`,
		['run', 'wall s', '× ideal', '× sequential', 'peak running', '429s', 'median detection s'],
		[
			[
				'Concurrency 5 (default)',
				s(p.ms),
				(p.ms / ideal).toFixed(3),
				(p.ms / q.ms).toFixed(3),
				p.stats.peakRunning,
				p.stats.throttled,
				s(median(p.metrics.map((m) => m.detectionMs))),
			],
			[
				'Concurrency 1 (sequential)',
				s(q.ms),
				(q.ms / ideal).toFixed(3),
				'1.000',
				q.stats.peakRunning,
				q.stats.throttled,
				s(median(q.metrics.map((m) => m.detectionMs))),
			],
		],
	);
}

module.exports = { section: 'a', run, print };
