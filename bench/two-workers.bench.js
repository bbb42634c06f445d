'use strict';
/**
 * (j) Queue mode with two workers on one key: 2 executions × 10 items × 5 s tasks against one
 * account with 5 running tasks (ideal: 20 tasks / 5 slots = 4 task durations). Each execution
 * runs in its own Node process (bench/lib/worker-process.js), so each has its own account gates
 * and sees nothing of the other's tasks: DashScope's 429s, retried with back-off, are all that
 * keeps them within the account; a waiting create asks again every 1–2 s after a 429
 * (transport/retry.ts). Baselines, in the same run: the same two executions in one process, whose
 * shared gates hand out the 5 slots, and the two processes with the former back-off (doubling up
 * to 8–16 s after a 429, as after 5xx).
 *
 * Two processes rather than a real n8n main + workers with Redis and PostgreSQL: what decides the
 * figure is gate state per process and the node's back-off, which the processes reproduce; real
 * queue mode (its minutes of start-up, Node 24, the Debian services) is exercised by
 * test/e2e/queue.e2e.test.js, which logs its own figure.
 */
const { startEmulator } = require('../test/emulator');
const { startWorkerProcess } = require('./lib/worker-process');
const { KEY } = require('./lib/measure');
const { s, table } = require('./lib/report');

const prompts = (run, n) => Array.from({ length: n }, (_, i) => `worker run ${run} item ${i}`);

/**
 * `placement`: for each process, the executions it runs (arrays of prompts). Each process first
 * runs an unmeasured 5-item warm-up alone (learnt task times, as a long-running worker has).
 */
async function scenario(placement, taskMs, options) {
	const emu = await startEmulator({
		apiKey: KEY,
		taskTimings: { pendingMs: 0, runningMs: taskMs },
	});
	const workers = await Promise.all(placement.map(() => startWorkerProcess(KEY, options)));
	try {
		for (const [w, worker] of workers.entries())
			await worker.run({
				baseUrl: emu.url,
				executions: [prompts(`warm-up ${w}`, 5)],
				concurrency: 5,
			});
		emu.reset();
		const started = performance.now();
		const runs = (
			await Promise.all(
				workers.map((worker, w) =>
					worker.run({ baseUrl: emu.url, executions: placement[w], concurrency: 5 }),
				),
			)
		).flat();
		const wallMs = performance.now() - started;
		const failed = runs.filter((r) => r.status !== 'success');
		if (failed.length > 0) throw new Error(`an execution failed: ${failed[0].error}`);
		const creates = emu.requests.filter((r) => r.kind === 'create');
		const perPrompt = new Map();
		for (const task of emu.tasks.values())
			perPrompt.set(task.prompt, (perPrompt.get(task.prompt) ?? 0) + 1);
		return {
			wallMs,
			stats: emu.stats(),
			items: runs.reduce((n, r) => n + r.items, 0),
			refusedCreates: creates.filter((r) => r.status === 429).length,
			duplicates: [...perPrompt.values()].filter((n) => n > 1).length,
		};
	} finally {
		await Promise.all(workers.map((worker) => worker.stop()));
		await emu.close();
	}
}

async function run({ scale }) {
	const taskMs = 5000 * scale;
	const [a, b] = [prompts('a', 10), prompts('b', 10)];
	return {
		taskMs,
		ideal: 4 * taskMs,
		twoProcesses: await scenario([[a], [b]], taskMs),
		oneProcess: await scenario([[a, b]], taskMs),
		doubling: await scenario([[a], [b]], taskMs, { doubling: true }),
	};
}

function print(j) {
	const row = (name, r) => [
		name,
		s(r.wallMs),
		(r.wallMs / j.ideal).toFixed(3),
		r.stats.peakRunning,
		r.refusedCreates,
		r.stats.throttled,
		`${r.stats.tasksCreated} (${r.duplicates} twice)`,
		r.items,
	];
	table(
		`(j) two queue-mode workers on one key: 2 executions × 10 items × ${s(j.taskMs, 1)} s tasks, account limit 5 running (ideal ${s(j.ideal, 0)} s)`,
		['placement', 'wall s', '× ideal', 'peak running', 'creates refused', '429s', 'tasks', 'items'],
		[
			row('two worker processes', j.twoProcesses),
			row('one process (baseline)', j.oneProcess),
			row('two processes, doubling back-off (before)', j.doubling),
		],
	);
	console.log(
		`\ntwo processes ÷ one process wall: ${(j.twoProcesses.wallMs / j.oneProcess.wallMs).toFixed(3)}; doubling back-off ÷ now: ${(j.doubling.wallMs / j.twoProcesses.wallMs).toFixed(3)}`,
	);
}

module.exports = { section: 'j', run, print };
