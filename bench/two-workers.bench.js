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
 * runs an unmeasured 5-item warm-up alone (learnt task times, as a long-running worker has);
 * `round()` then runs the placement once, measured, on a reset emulator.
 */
async function setUp(placement, taskMs, options) {
	const emu = await startEmulator({
		apiKey: KEY,
		taskTimings: { pendingMs: 0, runningMs: taskMs },
	});
	const workers = await Promise.all(placement.map(() => startWorkerProcess(KEY, options)));
	for (const [w, worker] of workers.entries())
		await worker.run({
			baseUrl: emu.url,
			executions: [prompts(`warm-up ${w}`, 5)],
			concurrency: 5,
		});
	async function round() {
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
	}
	async function close() {
		await Promise.all(workers.map((worker) => worker.stop()));
		await emu.close();
	}
	return { round, close };
}

/** The median round by wall time, with the range and the tasks made twice over all rounds. */
function summarize(rounds) {
	const sorted = [...rounds].sort((a, b) => a.wallMs - b.wallMs);
	return {
		...sorted[Math.floor(sorted.length / 2)],
		minMs: sorted[0].wallMs,
		maxMs: sorted[sorted.length - 1].wallMs,
		duplicates: rounds.reduce((n, r) => n + r.duplicates, 0),
		rounds: rounds.length,
	};
}

/**
 * Three placements, each with its processes started and warmed up once; the measured rounds
 * take turns (a, b, c, a, b, c, …), so a change in the machine's load touches all three alike.
 */
async function run({ scale, quick }) {
	const taskMs = 5000 * scale;
	const rounds = quick ? 1 : 3;
	const [a, b] = [prompts('a', 10), prompts('b', 10)];
	const placements = {
		twoProcesses: [[[a], [b]]],
		oneProcess: [[[a, b]]],
		doubling: [[[a], [b]], { doubling: true }],
	};
	const setups = {};
	try {
		for (const [name, [placement, options]] of Object.entries(placements))
			setups[name] = await setUp(placement, taskMs, options);
		const results = Object.fromEntries(Object.keys(placements).map((name) => [name, []]));
		for (let i = 0; i < rounds; i++)
			for (const name of Object.keys(placements)) results[name].push(await setups[name].round());
		return {
			taskMs,
			ideal: 4 * taskMs,
			rounds,
			...Object.fromEntries(Object.entries(results).map(([name, r]) => [name, summarize(r)])),
		};
	} finally {
		await Promise.all(Object.values(setups).map((setup) => setup.close()));
	}
}

function print(j) {
	const row = (name, r) => [
		name,
		s(r.wallMs),
		(r.wallMs / j.ideal).toFixed(3),
		`${(r.minMs / j.ideal).toFixed(2)}–${(r.maxMs / j.ideal).toFixed(2)}`,
		r.stats.peakRunning,
		r.refusedCreates,
		r.stats.throttled,
		`${r.stats.tasksCreated} (${r.duplicates} twice in ${r.rounds} rounds)`,
		r.items,
	];
	table(
		`(j) two queue-mode workers on one key: 2 executions × 10 items × ${s(j.taskMs, 1)} s tasks, account limit 5 running (ideal ${s(j.ideal, 0)} s); median round of ${j.rounds}, its range beside it`,
		[
			'placement',
			'wall s',
			'× ideal',
			'range',
			'peak running',
			'creates refused',
			'429s',
			'tasks',
			'items',
		],
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
