#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the built node in n8n's real WorkflowExecute against the DashScope emulator,
 * every figure measured in this one run (nothing is asserted; see test/ for correctness).
 *
 *   (a) throughput: 20 items of 5 s tasks under the 5-running-tasks limit, vs the ideal (20 s)
 *       and vs strictly sequential (Concurrency 1)
 *   (b) detection: task end → the first poll that sees it, and polls per task, for 5/30/120 s
 *       tasks (±10% spread), smart schedule vs fixed 10 s and 15 s intervals, run side by side
 *   (c) node overhead per item with instant answers over 1000 items, vs raw undici calls of the
 *       same sequence
 *   (d) peak memory while downloading 50 results as binary, vs 10 results
 *   (e) 4 executions × 5 items × 5 s tasks at once in one process (one account, 5 running tasks),
 *       account-wide gates vs the former per-execution gates (run in the same invocation)
 *   (f) 30 items at Concurrency 10 against 5 slots, both ways
 *   (g) a single-item execution arriving while a 50-item one runs: its wait for a slot
 *
 * Each scenario gets its own emulator (= its own DashScope account and limits). (a) and (b) run
 * in parallel (they mostly wait); (c) and (d) run alone afterwards. About 5 minutes.
 *
 *   node bench/run.js [--quick]     --quick: task times ÷10 and fewer items (a smoke test)
 *                     [--only=a,b,c,d]
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { startEmulator } = require('../test/emulator');
const { runWanx } = require('../test/engine/harness');
// The former behaviour (gates per execution, no slot gate), for the baselines of (e) and (f).
const { usePerRunGates } = require('../dist/nodes/Wanx/transport/account');

const QUICK = process.argv.includes('--quick');
const ONLY = (process.argv.find((arg) => arg.startsWith('--only=')) ?? '--only=a,b,c,d,e,f,g')
	.slice(7)
	.split(',');
const SCALE = QUICK ? 0.1 : 1;
const KEY = 'sk-emulator-test';
const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
const credentials = (emu) => ({ apiKey: KEY, region: 'custom', baseUrl: emu.url });

// ---------------------------------------------------------------- helpers

function prng(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const quantile = (values, q) => {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const s = (ms, digits = 2) => (ms / 1000).toFixed(digits);
const mb = (bytes) => (bytes / 1048576).toFixed(1);

function table(title, header, rows) {
	const widths = header.map((h, i) =>
		Math.max(String(h).length, ...rows.map((row) => String(row[i]).length)),
	);
	const line = (cells) =>
		'| ' + cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ') + ' |';
	console.log(`\n${title}\n`);
	console.log(line(header));
	console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
	for (const row of rows) console.log(line(row));
}

function log(message) {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Per task: end → first poll that saw it finished, polls made, and the task's duration. */
function taskMetrics(emu) {
	const polls = new Map();
	for (const rec of emu.requests) {
		if (rec.kind !== 'poll' || !rec.taskId) continue;
		if (!polls.has(rec.taskId)) polls.set(rec.taskId, []);
		polls.get(rec.taskId).push(rec);
	}
	return [...emu.tasks.values()].map((task) => {
		const mine = polls.get(task.id) ?? [];
		const seen = mine.find((rec) => rec.status === 200 && rec.time >= task.endAt);
		return {
			durationMs: task.endAt - task.submittedAt,
			detectionMs: seen ? seen.time - task.endAt : NaN,
			polls: mine.length,
		};
	});
}

// ---------------------------------------------------------------- (a) throughput

async function throughput() {
	const taskMs = 5000 * SCALE;
	const items = 20;
	const run = async (concurrency) => {
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
	const [parallel, sequential] = await Promise.all([run(5), run(1)]);
	const ideal = Math.ceil(items / 5) * taskMs;
	return { taskMs, items, ideal, parallel, sequential };
}

// ---------------------------------------------------------------- (b) detection

const SCHEDULES = [
	{ name: 'adaptive (default)', pollInterval: 0 },
	{ name: 'fixed 10 s', pollInterval: 10 },
	{ name: 'fixed 15 s', pollInterval: 15 },
];

async function detectionCase(taskS, schedule, items, seed) {
	const random = prng(seed);
	const taskMs = taskS * 1000 * SCALE;
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
					pollInterval: schedule.pollInterval * SCALE,
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

async function detection() {
	const cases = [];
	for (const [taskS, items] of [
		[5, 20],
		[30, 15],
		[120, 10],
	]) {
		for (const schedule of SCHEDULES)
			cases.push(detectionCase(taskS, schedule, QUICK ? Math.min(items, 10) : items, 1000 + taskS));
	}
	return (await Promise.all(cases)).flat();
}

// ---------------------------------------------------------------- (e)–(g) one account, many executions

/** Runs `executions` (arrays of prompts) against one emulator at once; `perRun` = the former gates. */
async function accountScenario({
	executions,
	concurrency = 5,
	taskMs,
	perRun = false,
	startDelaysMs = [],
}) {
	const emu = await startEmulator({ taskTimings: { pendingMs: 0, runningMs: taskMs } });
	usePerRunGates(perRun);
	try {
		// Steady state: the process has seen this account's task times before (one warm-up
		// execution of 5 items, not measured), as a long-running n8n has.
		await runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: 'warm-up',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false },
			},
			items: Array.from({ length: 5 }, () => ({ json: {} })),
			credentials: credentials(emu),
		});
		emu.reset();
		const started = performance.now();
		const runs = await Promise.all(
			executions.map(async (prompts, e) => {
				if (startDelaysMs[e]) await new Promise((resolve) => setTimeout(resolve, startDelaysMs[e]));
				const startedAt = Date.now();
				const result = await runWanx({
					parameters: {
						operation: 'generateAsync',
						prompt: '={{ $json.prompt }}',
						referenceImages: { images: [IMAGE] },
						options: { downloadImages: false, concurrency, maxWait: 900 },
					},
					items: prompts.map((prompt) => ({ json: { prompt } })),
					credentials: credentials(emu),
				});
				if (result.status !== 'success')
					throw new Error(`execution ${e} failed: ${result.error?.message}`);
				return { startedAt, ms: result.ms };
			}),
		);
		const wallMs = performance.now() - started;
		const creates = emu.requests.filter((r) => r.kind === 'create' && r.status === 200);
		return { wallMs, stats: emu.stats(), runs, creates };
	} finally {
		usePerRunGates(false);
		await emu.close();
	}
}

async function manyExecutions() {
	const taskMs = 5000 * SCALE;
	const prompts = (e, n) => Array.from({ length: n }, (_, i) => `exec ${e} item ${i}`);
	const e4 = Array.from({ length: 4 }, (_, e) => prompts(e, 5));
	const e = {
		ideal: 4 * taskMs,
		account: await accountScenario({ executions: e4, taskMs }),
		perRun: await accountScenario({ executions: e4, taskMs, perRun: true }),
	};
	log('(e) done');
	const f = {
		ideal: 6 * taskMs,
		account: await accountScenario({ executions: [prompts(0, 30)], concurrency: 10, taskMs }),
		perRun: await accountScenario({
			executions: [prompts(0, 30)],
			concurrency: 10,
			taskMs,
			perRun: true,
		}),
	};
	log('(f) done');
	// (g) the big execution fills every slot and queues more (Concurrency 10); the late one arrives
	// 2.5 task durations later. Its wait = its first create − its start.
	const late = await accountScenario({
		executions: [prompts(0, 50), ['late single item']],
		concurrency: 10,
		taskMs,
		startDelaysMs: [0, 2.5 * taskMs],
	});
	const lateCreate = late.creates.find(
		(r) => r.body.input.messages[0].content[0].text === 'late single item',
	);
	const g = {
		taskMs,
		waitMs: lateCreate.time - late.runs[1].startedAt,
		bigMs: late.runs[0].ms,
		stats: late.stats,
	};
	log('(g) done');
	return { taskMs, e, f, g };
}

// ---------------------------------------------------------------- (c) overhead

async function overhead() {
	const { Agent, request } = require('undici');
	const emu = await startEmulator({
		taskTimings: { syncMs: 0 },
		limits: false,
		maxRecordedRequests: 0,
	});
	const count = QUICK ? 200 : 1000;
	const prompt = 'a cat on a sofa';
	const body = JSON.stringify({
		model: 'wan2.6-image',
		input: { messages: [{ role: 'user', content: [{ text: prompt }, { image: IMAGE.url }] }] },
		parameters: { enable_interleave: false, n: 1 },
	});
	const url = `${emu.url}/api/v1/services/aigc/multimodal-generation/generation`;
	const dispatcher = new Agent({ connections: 16 });
	const raw = async (n, concurrency) => {
		const started = performance.now();
		let next = 0;
		const worker = async () => {
			while (next++ < n) {
				const response = await request(url, {
					method: 'POST',
					dispatcher,
					headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
					body,
				});
				const json = await response.body.json();
				if (response.statusCode !== 200 || !json.output)
					throw new Error(`raw call failed: ${response.statusCode}`);
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		return performance.now() - started;
	};
	const node = async (n, concurrency) => {
		const result = await runWanx({
			parameters: {
				operation: 'generate',
				prompt,
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, concurrency, submitRate: 0 },
			},
			items: Array.from({ length: n }, (_, i) => ({ json: { i } })),
			credentials: credentials(emu),
		});
		if (result.status !== 'success' || result.items.length !== n)
			throw new Error(`overhead run failed: ${result.error?.message}`);
		return result.ms;
	};
	try {
		// Warm-up (JIT, sockets) for both.
		await raw(100, 1);
		await node(100, 1);
		const rows = [];
		for (const concurrency of [1, 5]) {
			const rawMs = await raw(count, concurrency);
			const nodeMs = await node(count, concurrency);
			rows.push({ concurrency, count, rawMs, nodeMs });
		}
		return rows;
	} finally {
		await dispatcher.close();
		await emu.close();
	}
}

// ---------------------------------------------------------------- (d) memory

/**
 * A stand-in for OSS: every result link answers a `bytes`-long PNG file (a real header and end,
 * random data in between, which the node does not decode) as image/png.
 */
async function startImageServer(bytes) {
	const small = require('../test/emulator/png').encodePngSync(256, 256, [1, 2, 3]);
	const end = small.subarray(small.length - 12); // IEND
	const filler = crypto.randomBytes(Math.max(0, bytes - small.length));
	const payload = Buffer.concat([small.subarray(0, small.length - 12), filler, end]);
	const server = http.createServer((req, res) => {
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': payload.length });
		res.end(payload);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

const IMAGE_BYTES = 2 * 1048576;

/** Runs in a fresh process (clean RSS): one download of `n` results in binary `mode`, as JSON on stdout. */
async function memoryChild(mode, n) {
	const images = await startImageServer(IMAGE_BYTES);
	const emu = await startEmulator({
		taskTimings: { syncMs: 0 },
		limits: false,
		publicUrl: images.url,
	});
	if (mode === 'filesystem' && !(await useFilesystemBinaryMode()))
		throw new Error('filesystem binary mode unavailable');
	const gc = global.gc ?? (() => {});
	const heapOf = (usage) => usage.heapUsed + usage.external; // large Base64 strings live outside the heap
	const run = (count) =>
		runWanx({
			parameters: {
				operation: 'generate',
				prompt: 'a cat on a sofa',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: true, concurrency: 5, submitRate: 0 },
			},
			items: Array.from({ length: count }, (_, i) => ({ json: { i } })),
			credentials: credentials(emu),
		});
	try {
		await run(3); // warm-up: modules, JIT, sockets
		gc();
		gc();
		const before = process.memoryUsage();
		let peakRss = before.rss;
		let peakHeap = heapOf(before);
		const sampler = setInterval(() => {
			const now = process.memoryUsage();
			peakRss = Math.max(peakRss, now.rss);
			peakHeap = Math.max(peakHeap, heapOf(now));
		}, 2);
		const result = await run(n);
		clearInterval(sampler);
		const withBinary = result.items.filter(
			(item) => item.binary && Object.keys(item.binary).length > 0,
		).length;
		if (result.status !== 'success' || withBinary !== n) {
			throw new Error(`${result.error?.message ?? `${withBinary} of ${n} items have binary data`}`);
		}
		gc();
		gc();
		const after = process.memoryUsage();
		const retained = heapOf(after) - heapOf(before);
		const held = result.items.length; // keeps the items alive until here
		return {
			mode,
			n: held,
			downloaded: n * IMAGE_BYTES,
			peakRss: peakRss - before.rss,
			peakHeap: peakHeap - heapOf(before),
			retained,
		};
	} finally {
		await emu.close();
		await images.close();
	}
}

async function memory() {
	const { execFile } = require('node:child_process');
	const child = (mode, n) =>
		new Promise((resolve, reject) => {
			execFile(
				process.execPath,
				['--expose-gc', __filename, `--memory-child=${mode},${n}`],
				{ maxBuffer: 1 << 20 },
				(error, stdout, stderr) => {
					if (error)
						reject(new Error(`${mode}/${n}: ${stderr.trim().split('\n').pop() || error.message}`));
					else resolve(JSON.parse(stdout.trim().split('\n').pop()));
				},
			);
		});
	const rows = [];
	// n8n 2.x's default in regular mode: binary data goes to disk, items hold only ids.
	for (const n of [10, 50]) rows.push(await child('filesystem', n));
	// n8n's in-memory mode ("default"): items carry the Base64 data, so they grow with n by design.
	for (const n of [10, 50]) rows.push(await child('memory', n));
	return { rows, imageBytes: IMAGE_BYTES };
}

async function useFilesystemBinaryMode() {
	try {
		const { Container } = require('@n8n/di');
		const { BinaryDataService } = require('n8n-core');
		const service = Container.get(BinaryDataService);
		service.config.mode = 'filesystem';
		service.config.availableModes = ['filesystem'];
		service.config.localStoragePath = require('node:path').join(
			process.env.N8N_USER_FOLDER,
			'binaryData',
		);
		await service.init();
		return true;
	} catch (error) {
		process.stderr.write(`filesystem binary mode unavailable here: ${error.message}\n`);
		return false;
	}
}

// ---------------------------------------------------------------- main

async function main() {
	const started = Date.now();
	log(`${QUICK ? 'quick mode (task times ÷10)' : 'full run'}; sections ${ONLY.join(',')}`);
	if (!global.gc) log('run with --expose-gc for steadier memory figures');

	const results = {};
	const parallel = [];
	if (ONLY.includes('a'))
		parallel.push(throughput().then((r) => ((results.a = r), log('(a) done'))));
	if (ONLY.includes('b'))
		parallel.push(detection().then((r) => ((results.b = r), log('(b) done'))));
	await Promise.all(parallel);
	if (['e', 'f', 'g'].some((section) => ONLY.includes(section)))
		results.efg = await manyExecutions();
	if (ONLY.includes('c')) ((results.c = await overhead()), log('(c) done'));
	if (ONLY.includes('d')) {
		results.d = await memory().catch((error) => ({ error }));
		log('(d) done');
	}

	console.log(
		`\n## Wanx node benchmark (${QUICK ? 'QUICK: task times ÷10' : 'full'}), Node ${process.version}, ${new Date().toISOString()}`,
	);
	if (results.a) {
		const { ideal, parallel: p, sequential: q, items, taskMs } = results.a;
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
	if (results.b) {
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
			results.b.map((r) => [
				`${r.taskS * SCALE} s`,
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
	if (results.efg) {
		const { taskMs, e, f, g } = results.efg;
		const row = (name, r, ideal) => [
			name,
			s(r.wallMs),
			(r.wallMs / ideal).toFixed(3),
			r.stats.peakRunning,
			r.stats.throttled,
			r.stats.tasksCreated,
		];
		table(
			`(e) 4 executions × 5 items × ${s(taskMs, 1)} s tasks at once, one process, account limit 5 running (ideal ${s(e.ideal, 0)} s)`,
			['gates', 'wall s', '× ideal', 'peak running', '429s', 'tasks'],
			[
				row('account-wide (now)', e.account, e.ideal),
				row('per execution (before)', e.perRun, e.ideal),
			],
		);
		console.log(
			`\naccount-wide ÷ per-execution wall: ${(e.account.wallMs / e.perRun.wallMs).toFixed(3)}`,
		);
		table(
			`(f) 30 items at Concurrency 10 against 5 slots, ${s(taskMs, 1)} s tasks (ideal ${s(f.ideal, 0)} s)`,
			['gates', 'wall s', '× ideal', 'peak running', '429s', 'tasks'],
			[
				row('account-wide (now)', f.account, f.ideal),
				row('per execution (before)', f.perRun, f.ideal),
			],
		);
		console.log(
			`\n(g) a single-item execution arriving ${s(2.5 * taskMs, 1)} s into a 50-item one (Concurrency 10, 5 slots): waited ${s(g.waitMs)} s for its slot = ${(g.waitMs / taskMs).toFixed(2)} task durations (goal ≤ 1.00); 50-item run ${s(g.bigMs, 1)} s, peak running ${g.stats.peakRunning}, 429s ${g.stats.throttled}`,
		);
	}
	if (results.c) {
		table(
			'(c) overhead per item, instant sync answers (edit mode, no download), same emulator, same sequence',
			[
				'concurrency',
				'items',
				'raw undici ms/item',
				'node ms/item',
				'overhead ms/item',
				'node ÷ raw',
			],
			results.c.map((r) => [
				r.concurrency,
				r.count,
				(r.rawMs / r.count).toFixed(3),
				(r.nodeMs / r.count).toFixed(3),
				((r.nodeMs - r.rawMs) / r.count).toFixed(3),
				(r.nodeMs / r.rawMs).toFixed(2),
			]),
		);
	}
	if (results.d) {
		if (results.d.error) {
			console.log(
				`\n(d) peak memory while downloading results as binary: not measured (${results.d.error.message})`,
			);
		} else {
			table(
				`(d) memory while downloading results as binary (${mb(results.d.imageBytes)} MB each, Concurrency 5), each row a fresh process; growth over its baseline`,
				[
					'binary mode',
					'results',
					'downloaded MB',
					'peak RSS +MB',
					'peak heap+external +MB',
					'retained after the run +MB',
				],
				results.d.rows.map((r) => [
					r.mode,
					r.n,
					mb(r.downloaded),
					mb(r.peakRss),
					mb(r.peakHeap),
					mb(r.retained),
				]),
			);
		}
	}
	console.log(
		`\nTotal bench time ${s(Date.now() - started, 0)} s. Targets: (a) ≤ 1.15× ideal; (b) adaptive warm median ≤ 0.5 s, p90 ≤ 1 s at ≤ 0.5 polls/s/task; (c) ≤ 2 ms/item; (e), (f) ≤ 1.10× ideal, no 429; (g) ≤ 1 task duration.`,
	);
}

const childArg = process.argv.find((arg) => arg.startsWith('--memory-child='));
const entry = childArg
	? () => {
			const [mode, n] = childArg.slice(15).split(',');
			return memoryChild(mode, Number(n)).then((row) => console.log(JSON.stringify(row)));
		}
	: main;

entry().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
