'use strict';
/**
 * One n8n worker's stand-in for the two-worker benchmark: a separate Node process (forked by
 * `startWorkerProcess`) that runs the built node in the engine harness. Being its own process, it
 * has its own copy of the node's modules, so its own account gates, exactly as a queue-mode
 * worker on another machine; the parent only tells it when to run what.
 *
 * Messages, parent → child: { id, executions: [[prompt, …], …], taskMs, concurrency } runs those
 * executions at once and answers { id, runs: [{ status, error, items, ms }] }; { exit: true } ends it.
 * The child says { ready: true } once the harness is loaded.
 *
 * `doubling`: the former back-off after a 429, doubling up to 8–16 s as for 5xx (the baseline of
 * the capped one), set by replacing the built retry module's export as test/engine/testTime.js does.
 */
const { fork } = require('node:child_process');

if (require.main === module) {
	const { runWanx } = require('../../test/engine/harness');
	const { IMAGE } = require('./measure');
	if (process.env.WANX_BENCH_DOUBLING) {
		const retry = require('../../dist/nodes/Wanx/transport/retry');
		const capped = retry.backoffMs;
		retry.backoffMs = (attempt, retryAfterMs) => capped(attempt, retryAfterMs);
	}
	const execution = (baseUrl, prompts, concurrency) =>
		runWanx({
			parameters: {
				operation: 'generateAsync',
				prompt: '={{ $json.prompt }}',
				referenceImages: { images: [IMAGE] },
				options: { downloadImages: false, concurrency, maxWait: 900 },
			},
			items: prompts.map((prompt) => ({ json: { prompt } })),
			credentials: { apiKey: process.env.WANX_BENCH_KEY, region: 'custom', baseUrl },
		});
	process.on('message', async (message) => {
		if (message.exit) process.exit(0);
		const runs = await Promise.all(
			message.executions.map((prompts) => execution(message.baseUrl, prompts, message.concurrency)),
		);
		process.send({
			id: message.id,
			runs: runs.map((r) => ({
				status: r.status,
				error: r.error?.message,
				items: r.items.length,
				ms: r.ms,
			})),
		});
	});
	process.on('disconnect', () => process.exit(0)); // the parent is gone
	process.send({ ready: true });
}

/** Forks a worker process (`doubling`: see above); resolves once its harness is loaded, to `{ run(message), stop() }`. */
function startWorkerProcess(apiKey, { doubling = false } = {}) {
	const child = fork(__filename, [], {
		env: {
			...process.env,
			WANX_BENCH_KEY: apiKey,
			...(doubling ? { WANX_BENCH_DOUBLING: '1' } : {}),
		},
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const waiting = new Map();
	let next = 0;
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => {
			const error = new Error(`worker process exited (${code})`);
			reject(error);
			for (const w of waiting.values()) w.reject(error);
		});
		child.on('message', (message) => {
			if (message.ready)
				resolve({
					run: (job) =>
						new Promise((res, rej) => {
							const id = ++next;
							waiting.set(id, { resolve: res, reject: rej });
							child.send({ ...job, id });
						}),
					stop: () =>
						new Promise((res) => {
							child.once('exit', res);
							child.send({ exit: true });
						}),
				});
			else if (waiting.has(message.id)) {
				waiting.get(message.id).resolve(message.runs);
				waiting.delete(message.id);
			}
		});
	});
}

module.exports = { startWorkerProcess };
