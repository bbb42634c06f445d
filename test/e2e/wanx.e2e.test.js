'use strict';
/**
 * Real-n8n end-to-end tests: the packed package installed into a real n8n (2.41.1 on Node 24 and the
 * last 1.x, 1.123.81, on Node 20), workflows run with `n8n execute`, DashScope played by the local
 * emulator on 127.0.0.1. One prepared user folder per n8n version (package installed, credential and
 * all workflows imported once); every run works on a copy of it, two runs at a time.
 *
 * Select versions with WANX_E2E_N8N (e.g. "2.41.1" or "1"); the n8n installs come from
 * test/n8n/bootstrap.js (cached in ~/.cache/n8n-nodes-wanx or $WANX_N8N_CACHE).
 */
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { readMp4, startEmulator } = require('../emulator');
const { N8N_V1, N8N_V2, ensureN8n } = require('../n8n/bootstrap');
const n8n = require('../n8n/run');
const { buildWorkflows, credentials, PROMPTS, IDS } = require('./workflows');
const {
	CRED_ID: EXAMPLE_CRED_ID,
	CRED_NAME: EXAMPLE_CRED_NAME,
	EXAMPLE_OUTPUT_FOLDER,
} = require('../n8n/playground');

/** examples/*.json that run without anything but DashScope (the AI Agent one needs a chat model). */
const EXAMPLES = [
	'text-to-image-to-files.json',
	'edit-with-reference-urls.json',
	'interleaved-story.json',
	'image-set-to-files.json',
	'image-to-video.json',
	'text-to-video.json',
];
const exampleWorkflow = (file, outputFolder) =>
	JSON.parse(
		fs
			.readFileSync(path.join(n8n.REPO, 'examples', file), 'utf8')
			.split(EXAMPLE_OUTPUT_FOLDER)
			.join(outputFolder),
	);

const API_KEY = 'sk-e2e-0123456789abcdef';
const MIN = 60 * 1000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The photo the disk → edit → disk workflow reads: a real 320×240 PNG (the API wants ≥ 240 px a side). */
const INPUT_PHOTO = require('../emulator/png').encodePngSync(320, 240, [40, 110, 200]);

// Each test awaits its workflow's run, which on a loaded machine takes minutes, not seconds.
jest.setTimeout(20 * MIN);

const MATRIX = [
	{ label: `n8n ${N8N_V2} (Node 24)`, version: N8N_V2 },
	{ label: `n8n ${N8N_V1} (Node 20)`, version: N8N_V1 },
].filter(({ version }) => {
	const want = (process.env.WANX_E2E_N8N || '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	return want.length === 0 || want.some((w) => version === w || version.startsWith(`${w}.`));
});

/** A local webhook receiver for the HTTP Request node. */
async function startWebhook() {
	const received = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			let json;
			try {
				json = JSON.parse(body);
			} catch {}
			received.push({ method: req.method, path: req.url, headers: req.headers, body, json });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		received,
		close: () => new Promise((r) => server.close(r)),
	};
}

/** Runs fn over items, `limit` at a time; returns one promise per item, in order. */
function pool(items, limit, fn) {
	let next = 0;
	const deferred = items.map(() => {
		let resolve;
		let reject;
		const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
		promise.catch(() => {}); // reported by the test that awaits it
		return { promise, resolve, reject };
	});
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			try {
				deferred[i].resolve(await fn(items[i]));
			} catch (e) {
				deferred[i].reject(e);
			}
		}
	};
	for (let i = 0; i < Math.min(limit, items.length); i++) worker();
	return deferred.map((d) => d.promise);
}

const promptOf = (rec) => {
	const content =
		rec.body && rec.body.input && rec.body.input.messages && rec.body.input.messages[0].content;
	const t = Array.isArray(content) && content.find((c) => typeof c.text === 'string');
	return t ? t.text : undefined;
};
const imagesOf = (rec) =>
	rec.body.input.messages[0].content.filter((c) => c.image).map((c) => c.image);

if (MATRIX.length === 0)
	test.skip(`no n8n version matches WANX_E2E_N8N=${process.env.WANX_E2E_N8N}`, () => {});

(MATRIX.length ? describe.each(MATRIX) : () => () => {})('$label', ({ version }) => {
	let emu;
	let webhook;
	let folder;
	let outDir;
	let inputFile;
	const results = {};
	/** The emulator requests one workflow made: its create/sync calls (by prompt) and their polls and downloads. */
	const requestsFor = (prompts) => {
		const list = [].concat(prompts);
		const own = emu.requests.filter(
			(r) => (r.kind === 'create' || r.kind === 'sync') && list.includes(promptOf(r)),
		);
		const taskIds = new Set(
			[...emu.tasks.values()].filter((t) => list.includes(t.prompt)).map((t) => t.id),
		);
		const polls = emu.requests.filter((r) => r.kind === 'poll' && taskIds.has(r.taskId));
		return {
			own,
			taskIds,
			polls,
			creates: own.filter((r) => r.kind === 'create'),
			syncs: own.filter((r) => r.kind === 'sync'),
		};
	};
	const downloadsOf = (urls) => {
		const paths = urls.map((u) => new URL(u).pathname);
		return emu.requests.filter((r) => r.kind === 'result' && paths.includes(r.path));
	};
	const result = async (key) => {
		const res = await results[key];
		return res;
	};

	beforeAll(async () => {
		const t0 = Date.now();
		await ensureN8n(version); // cached after the first run (npm test runs the bootstrap first)
		emu = await startEmulator({
			port: 0,
			apiKey: API_KEY,
			taskTimings: { pendingMs: 100, runningMs: 300 },
			limits: false,
			// Result images at half size: a wan2.7-image picture (1280*720 → 640×360) is still a
			// first frame wan2.7-i2v takes (240 px a side or more).
			imageScale: 0.5,
		});
		// The task created for this prompt fails, as DashScope's content filter does.
		emu.fault({
			on: 'create',
			kind: 'fail',
			code: 'DataInspectionFailed',
			match: { prompt: PROMPTS.failingTask },
			times: -1,
		});
		// DashScope rejects the second of three items; Continue On Fail must keep all three.
		emu.fault({
			on: 'create',
			kind: 'status',
			status: 400,
			code: 'InvalidParameter',
			message: 'e2e: the prompt of item 2 was rejected',
			match: { prompt: PROMPTS.cof[1] },
			times: -1,
		});
		webhook = await startWebhook();
		outDir = n8n.tmpDir('wanx-e2e-out-');
		const { tarball } = await n8n.packRepo();
		const exampleDir = path.join(outDir, 'examples');
		fs.mkdirSync(exampleDir);
		const examples = EXAMPLES.map((f) => exampleWorkflow(f, exampleDir));
		inputFile = path.join(outDir, 'input-photo.png');
		fs.writeFileSync(inputFile, INPUT_PHOTO);
		const workflows = [
			...Object.values(buildWorkflows({ outDir, webhookUrl: webhook.url, inputFile })),
			...examples,
		];
		const creds = credentials(emu.url, API_KEY);
		creds.push({ ...creds[0], id: EXAMPLE_CRED_ID, name: EXAMPLE_CRED_NAME }); // the one examples/ refer to
		folder = await n8n.prepareUserFolder({
			version,
			tarball,
			credentials: creds,
			workflows,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: outDir },
		});
		process.stderr.write(
			`[wanx-e2e] ${version}: user folder prepared in ${((Date.now() - t0) / 1000).toFixed(1)} s ${JSON.stringify(folder.timings)}\n`,
		);
		// All runs start now, two at a time (2 cores); each test awaits its own.
		const ids = { ...IDS };
		EXAMPLES.forEach((f, i) => (ids[f] = examples[i].id));
		const keys = Object.keys(ids);
		const started = Date.now();
		const promises = pool(keys, 2, async (key) => {
			const res = await n8n.executeWorkflow(folder, ids[key]);
			process.stderr.write(
				`[wanx-e2e] ${version}: ${key} ${res.ok ? 'ok' : 'failed'} in ${(res.ms / 1000).toFixed(1)} s\n`,
			);
			return res;
		});
		keys.forEach((k, i) => (results[k] = promises[i]));
		Promise.allSettled(promises).then(() =>
			process.stderr.write(
				`[wanx-e2e] ${version}: ${keys.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
			),
		);
	}, 20 * MIN);

	afterAll(async () => {
		await Promise.allSettled(Object.values(results));
		if (emu) await emu.close();
		if (webhook) await webhook.close();
		n8n.removeFolder(folder);
		if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
	}, MIN);

	test('the package loads from .n8n/nodes like a Community Nodes install', () => {
		const pkgDir = path.join(folder.userFolder, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE);
		const pj = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
		for (const file of [...pj.n8n.nodes, ...pj.n8n.credentials])
			expect(fs.existsSync(path.join(pkgDir, file))).toBe(true);
		expect(fs.existsSync(path.join(pkgDir, 'dist', 'nodes', 'Wanx', 'wanx.svg'))).toBe(true);
		expect(fs.existsSync(path.join(pkgDir, 'dist', 'credentials', 'dashscope.svg'))).toBe(true);
		// npm install in the package's folder (as n8n runs it) fetched nothing: no runtime dependencies.
		expect(pj.dependencies).toBeUndefined();
		expect(fs.existsSync(path.join(pkgDir, 'node_modules'))).toBe(false);
	});

	test('image editing via an async task: submit, poll, download', async () => {
		const res = await result('asyncEdit');
		expect(res.ok).toBe(true);
		expect(res.status).toBe('success');
		const items = n8n.nodeItems(res.run, 'Wanx');
		expect(items).toHaveLength(1);
		const out = items[0].json;
		expect(out).toMatchObject({ model: 'wan2.6-image', mode: 'edit', taskStatus: 'SUCCEEDED' });
		expect(out.images).toHaveLength(2);
		expect(out.taskId).toEqual(expect.any(String));
		expect(out.requestId).toEqual(expect.any(String));
		for (const f of ['submitTime', 'scheduledTime', 'endTime'])
			expect(out[f]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
		expect(out.usage).toMatchObject({ image_count: 2 });
		// downloadImages defaults to true: both images as binary
		expect(Object.keys(items[0].binary || {}).sort()).toEqual(['data', 'data_1']);
		expect(items[0].binary.data.mimeType).toBe('image/png');

		const { creates, syncs, polls, taskIds } = requestsFor(PROMPTS.asyncEdit);
		expect(syncs).toHaveLength(0);
		expect(creates).toHaveLength(1);
		const create = creates[0];
		expect(create).toMatchObject({
			method: 'POST',
			path: '/api/v1/services/aigc/image-generation/generation',
			status: 200,
		});
		expect(create.auth).toEqual({ present: true, valid: true });
		expect(create.headers['x-dashscope-async']).toBe('enable');
		expect(create.body.model).toBe('wan2.6-image');
		expect(imagesOf(create)).toEqual(['https://example.com/e2e/fox.png']);
		expect(create.body.parameters).toMatchObject({
			n: 2,
			size: '1280*1280',
			seed: 42,
			negative_prompt: 'blurry, low quality',
			watermark: false,
			prompt_extend: false,
		});
		expect([...taskIds]).toEqual([out.taskId]);
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.every((p) => p.auth.valid && p.method === 'GET')).toBe(true);
		expect(downloadsOf(out.images).map((r) => r.status)).toEqual([200, 200]);
	});

	test('image editing, synchronous: one call, no task', async () => {
		const res = await result('syncEdit');
		expect(res.ok).toBe(true);
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json).toMatchObject({ mode: 'edit', model: 'wan2.6-image' });
		expect(item.json.images).toHaveLength(1);
		expect(item.json.taskId).toBeUndefined();
		expect(item.binary).toBeUndefined(); // downloadImages: false

		const { creates, syncs, taskIds } = requestsFor(PROMPTS.syncEdit);
		expect(creates).toHaveLength(0);
		expect(taskIds.size).toBe(0);
		expect(syncs).toHaveLength(1);
		expect(syncs[0]).toMatchObject({
			path: '/api/v1/services/aigc/multimodal-generation/generation',
			status: 200,
		});
		expect(syncs[0].headers['x-dashscope-async']).toBeUndefined();
		expect(imagesOf(syncs[0])).toEqual([
			'https://example.com/e2e/left.png',
			'https://example.com/e2e/right.png',
		]);
		expect(syncs[0].body.parameters).toMatchObject({ n: 1, size: '1024*768' });
		expect(downloadsOf(item.json.images)).toHaveLength(0);
	});

	test('interleaved text and images via an async task, no input image (text-to-image)', async () => {
		const res = await result('asyncStory');
		expect(res.ok).toBe(true);
		const [out] = n8n.nodeJson(res.run, 'Wanx');
		expect(out).toMatchObject({ mode: 'interleave', taskStatus: 'SUCCEEDED' });
		expect(out.images).toHaveLength(3);
		expect(typeof out.text).toBe('string');
		expect(out.text).toContain('Step 1');
		expect(out.usage.output_tokens).toBeGreaterThan(0);

		const { creates } = requestsFor(PROMPTS.asyncStory);
		expect(creates).toHaveLength(1);
		expect(imagesOf(creates[0])).toEqual([]);
		expect(creates[0].body.parameters).toMatchObject({ enable_interleave: true, max_images: 3 });
	});

	test('interleaved text and images, synchronous (streamed)', async () => {
		const res = await result('syncStory');
		expect(res.ok).toBe(true);
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json).toMatchObject({ mode: 'interleave' });
		expect(item.json.images).toHaveLength(2);
		expect(item.json.text).toContain('Step 2');
		expect(Object.keys(item.binary || {}).sort()).toEqual(['data', 'data_1']);

		const { syncs, creates } = requestsFor(PROMPTS.syncStory);
		expect(creates).toHaveLength(0);
		expect(syncs).toHaveLength(1);
		expect(syncs[0].headers['x-dashscope-sse']).toBe('enable');
		expect(syncs[0].body.parameters).toMatchObject({ enable_interleave: true, max_images: 2 });
		expect(imagesOf(syncs[0])).toEqual(['https://example.com/e2e/robot.png']);
	});

	test("a failed task fails the run with DashScope's message", async () => {
		const res = await result('failingTask');
		expect(res.ok).toBe(false);
		expect(res.code).not.toBe(0);
		expect(res.status).toBe('error');
		const error = res.error || {};
		const text = `${error.message} ${error.description || ''}`;
		expect(text).toContain('Input or output data may contain inappropriate content.');
		expect(text).toContain('DataInspectionFailed');
		expect(res.run.data.resultData.lastNodeExecuted).toBe('Wanx');

		const { creates, polls, taskIds } = requestsFor(PROMPTS.failingTask);
		expect(creates).toHaveLength(1);
		expect(taskIds.size).toBe(1);
		const task = emu.tasks.get([...taskIds][0]);
		expect(task.status).toBe('FAILED');
		expect(polls.length).toBeGreaterThanOrEqual(1);
	});

	test('Continue On Fail keeps every item, in order, with the error on the failed one', async () => {
		const res = await result('cof');
		expect(res.ok).toBe(true);
		const items = n8n.nodeItems(res.run, 'Wanx');
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.images).toHaveLength(1);
		expect(items[2].json.images).toHaveLength(1);
		expect(items[1].json.images).toBeUndefined();
		expect(`${items[1].json.error} ${items[1].json.description || ''}`).toContain(
			'e2e: the prompt of item 2 was rejected',
		);
		expect(items[1].json.code).toBe('InvalidParameter');

		const { creates } = requestsFor(PROMPTS.cof);
		expect(creates.map(promptOf)).toEqual(PROMPTS.cof); // concurrency 1: in item order
		expect(creates.map((r) => r.status)).toEqual([200, 400, 200]);
	});

	test('chain: images written to disk by Read/Write Files, a webhook notified by HTTP Request', async () => {
		const res = await result('chain');
		expect(res.ok).toBe(true);
		const wanxItems = n8n.nodeItems(res.run, 'Wanx');
		expect(wanxItems).toHaveLength(2); // splitImages: one item per image
		const taskId = wanxItems[0].json.taskId;
		expect(wanxItems.map((i) => i.json.imageIndex)).toEqual([0, 1]);

		const written = n8n.nodeJson(res.run, 'Write Image to Disk');
		expect(written.map((j) => j.fileName)).toEqual(
			[0, 1].map((i) => path.join(outDir, `${taskId}-${i}.png`)),
		);
		for (const [i, file] of written.map((j) => j.fileName).entries()) {
			const bytes = fs.readFileSync(file);
			expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
			// the very bytes the (emulated) OSS URL serves
			const served = Buffer.from(await (await fetch(wanxItems[i].json.image)).arrayBuffer());
			expect(bytes.equals(served)).toBe(true);
		}

		const notes = webhook.received.filter((r) => r.json && r.json.taskId === taskId);
		expect(notes).toHaveLength(2);
		expect(notes.map((n) => n.path)).toEqual(['/notify', '/notify']);
		expect(notes.map((n) => n.json.index).sort()).toEqual([0, 1]);
		for (const n of notes) {
			expect(n.json.event).toBe('image-saved');
			expect(n.json.file).toBe(path.join(outDir, `${taskId}-${n.json.index}.png`));
			expect(n.json.image).toBe(wanxItems[n.json.index].json.image);
		}
		expect(n8n.nodeItems(res.run, 'Notify Webhook')).toHaveLength(2);

		const { creates } = requestsFor(PROMPTS.chain);
		expect(creates).toHaveLength(1);
		expect(downloadsOf(wanxItems.map((i) => i.json.image)).length).toBeGreaterThanOrEqual(2);
	});
	test('disk → edit → disk: an image file read from disk is sent as binary, the result written back', async () => {
		const res = await result('diskEdit');
		expect(res.ok).toBe(true);
		const [sync] = requestsFor(PROMPTS.diskEdit).syncs;
		expect(imagesOf(sync)).toEqual([`data:image/png;base64,${INPUT_PHOTO.toString('base64')}`]);
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json.images).toHaveLength(1);
		const [written] = n8n.nodeJson(res.run, 'Write Edited Image');
		expect(written.fileName).toBe(path.join(outDir, `edited-${item.json.requestId}.png`));
		const bytes = fs.readFileSync(written.fileName);
		const served = Buffer.from(await (await fetch(item.json.images[0])).arrayBuffer());
		expect(bytes.equals(served)).toBe(true);
		expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
	});

	test('examples/text-to-image-to-files.json: pictures from text, written to disk', async () => {
		const res = await result('text-to-image-to-files.json');
		expect(res.ok).toBe(true);
		const written = n8n.nodeJson(res.run, 'Write Image to Disk');
		expect(written).toHaveLength(2);
		for (const w of written) {
			expect(path.dirname(w.fileName)).toBe(path.join(outDir, 'examples'));
			expect(fs.readFileSync(w.fileName).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		}
		const [create] = emu.requests.filter(
			(r) => r.kind === 'create' && /lighthouse at dawn, soft pastel/.test(promptOf(r) || ''),
		);
		expect(create.body.parameters).toMatchObject({ enable_interleave: true, max_images: 2 });
		expect(imagesOf(create)).toEqual([]);
	});

	test('examples/edit-with-reference-urls.json: two variants from two reference images', async () => {
		const res = await result('edit-with-reference-urls.json');
		expect(res.ok).toBe(true);
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json.images).toHaveLength(2);
		expect(Object.keys(item.binary).sort()).toEqual(['data', 'data_1']);
		const [create] = emu.requests.filter(
			(r) => r.kind === 'create' && /tomato and egg/.test(promptOf(r) || ''),
		);
		expect(imagesOf(create)).toHaveLength(2);
		expect(create.body.parameters).toMatchObject({ n: 2, size: '1K', prompt_extend: true });
	});

	test('examples/interleaved-story.json: streamed story turned into Markdown', async () => {
		const res = await result('interleaved-story.json');
		expect(res.ok).toBe(true);
		const [story] = n8n.nodeJson(res.run, 'Story as Markdown');
		expect(story.images).toHaveLength(3);
		expect(story.markdown).toContain('![step 3](');
		const [sync] = emu.requests.filter(
			(r) => r.kind === 'sync' && /stir-fried pork/.test(promptOf(r) || ''),
		);
		expect(sync.headers['x-dashscope-sse']).toBe('enable');
	});

	test('wan2.7-image-pro text-to-image at 4K with thinking mode (node version 2)', async () => {
		const res = await result('proText4k');
		expect(res.ok).toBe(true);
		const [create] = requestsFor(PROMPTS.proText4k).creates;
		expect(create.body).toMatchObject({
			model: 'wan2.7-image-pro',
			parameters: { n: 1, size: '4K', seed: 7, thinking_mode: true },
		});
		expect(create.body.parameters.enable_interleave).toBeUndefined();
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json).toMatchObject({
			model: 'wan2.7-image-pro',
			mode: 'edit',
			usage: { image_count: 1, size: '4096*4096' },
		});
	});

	test('wan2.7-image edit with 6 reference images and boxes, synchronous JSON', async () => {
		const res = await result('edit6');
		expect(res.ok).toBe(true);
		const [sync] = requestsFor(PROMPTS.edit6).syncs;
		expect(imagesOf(sync)).toHaveLength(6);
		expect(sync.headers['x-dashscope-sse']).toBeUndefined();
		expect(sync.body.parameters).toStrictEqual({
			n: 1,
			size: '2K',
			bbox_list: [
				[[10, 10, 200, 200]],
				[],
				[],
				[],
				[],
				[
					[0, 0, 64, 64],
					[100, 100, 300, 240],
				],
			],
		});
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json.images).toHaveLength(1);
	});

	test('wan2.7 thinking mode with a reference image fails before anything is sent', async () => {
		const res = await result('thinkingWithImages');
		expect(res.ok).toBe(false);
		expect(res.status).toBe('error');
		expect((res.error || {}).message).toContain('Thinking Mode only applies to text-to-image');
		expect(requestsFor(PROMPTS.thinkingWithImages).own).toHaveLength(0);
	});

	test('an image set (enable_sequential, 8 images) comes back as 8 binary files', async () => {
		const res = await result('imageSet');
		expect(res.ok).toBe(true);
		const [create] = requestsFor(PROMPTS.imageSet).creates;
		expect(create.body.parameters).toStrictEqual({ enable_sequential: true, n: 8, size: '1K' });
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json.images).toHaveLength(8);
		expect(Object.keys(item.binary).sort()).toEqual([
			'data',
			'data_1',
			'data_2',
			'data_3',
			'data_4',
			'data_5',
			'data_6',
			'data_7',
		]);
	});

	test('wan2.6-t2i: text only, its own parameters', async () => {
		const res = await result('t2i');
		expect(res.ok).toBe(true);
		const [sync] = requestsFor(PROMPTS.t2i).syncs;
		expect(imagesOf(sync)).toEqual([]);
		expect(sync.body.parameters).toStrictEqual({
			n: 1,
			prompt_extend: false,
			size: '1280*1280',
			negative_prompt: 'text, watermark',
		});
		const [item] = n8n.nodeItems(res.run, 'Wanx');
		expect(item.json).toMatchObject({
			model: 'wan2.6-t2i',
			mode: 'textToImage',
			usage: { image_count: 1 },
		});
		expect(Object.keys(item.binary)).toEqual(['data']);
	});

	test('examples/image-to-video.json: a picture made, animated from its binary, the MP4 written to disk', async () => {
		const res = await result('image-to-video.json');
		expect(res.ok).toBe(true);
		const [written] = n8n.nodeJson(res.run, 'Write MP4 to Disk');
		expect(path.dirname(written.fileName)).toBe(path.join(outDir, 'examples'));
		expect(written.fileName).toMatch(/wanx-[\w-]+\.mp4$/);
		const bytes = fs.readFileSync(written.fileName);
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(readMp4(bytes).seconds).toBe(5);
		// The first frame went through the temporary upload and reached the model as oss://.
		const create = emu.requests.find((r) => r.method === 'POST' && r.body?.model === 'wan2.7-i2v');
		expect(create.headers['x-dashscope-ossresourceresolve']).toBe('enable');
		expect(create.body.input.media).toEqual([
			{ type: 'first_frame', url: expect.stringMatching(/^oss:\/\//) },
		]);
		expect(create.body.parameters).toEqual({ resolution: '720P' });
	});

	test('examples/text-to-video.json: a wan2.7-t2v clip written to disk as MP4', async () => {
		const res = await result('text-to-video.json');
		expect(res.ok).toBe(true);
		const [written] = n8n.nodeJson(res.run, 'Write MP4 to Disk');
		expect(readMp4(fs.readFileSync(written.fileName)).seconds).toBe(5);
		const [item] = n8n.nodeItems(res.run, 'Wanx Video');
		expect(item.json).toMatchObject({ model: 'wan2.7-t2v', billedSeconds: 5 });
		expect(item.binary.data).toMatchObject({ mimeType: 'video/mp4' });
	});

	test('examples/image-set-to-files.json: a wan2.7 image set saved to disk', async () => {
		const res = await result('image-set-to-files.json');
		expect(res.ok).toBe(true);
		const written = n8n.nodeJson(res.run, 'Write Image to Disk');
		expect(written).toHaveLength(4);
		for (const w of written) {
			expect(path.dirname(w.fileName)).toBe(path.join(outDir, 'examples'));
			expect(fs.readFileSync(w.fileName).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		}
		const [create] = emu.requests.filter(
			(r) => r.kind === 'create' && /paper lanterns/.test(promptOf(r) || ''),
		);
		expect(create.body).toMatchObject({
			model: 'wan2.7-image',
			parameters: { enable_sequential: true, n: 4 },
		});
	});
});
