'use strict';
/**
 * (c) Node overhead per item: 1000 instant sync answers through the node at Concurrency 1 and 5,
 * against raw undici calls of the same request sequence to the same emulator (limits off, no
 * request log), both after a warm-up of 100 calls.
 */
const { startEmulator } = require('../test/emulator');
const { runWanx } = require('../test/engine/harness');
const { KEY, IMAGE, credentials } = require('./lib/measure');
const { table } = require('./lib/report');

async function run({ quick }) {
	const { Agent, request } = require('undici');
	const emu = await startEmulator({
		taskTimings: { syncMs: 0 },
		limits: false,
		maxRecordedRequests: 0,
	});
	const count = quick ? 200 : 1000;
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

function print(rows) {
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
		rows.map((r) => [
			r.concurrency,
			r.count,
			(r.rawMs / r.count).toFixed(3),
			(r.nodeMs / r.count).toFixed(3),
			((r.nodeMs - r.rawMs) / r.count).toFixed(3),
			(r.nodeMs / r.rawMs).toFixed(2),
		]),
	);
}

module.exports = { section: 'c', run, print };
