'use strict';
/* Tests for the DashScope wan2.6-image emulator. Talks to 127.0.0.1 only. */
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startEmulator, formatTaskTime, pngSize, encodePngSync, ERRORS } = require('./index');
const { parseArgs } = require('./cli');

const KEY = 'sk-emulator-test';
const SYNC = '/services/aigc/multimodal-generation/generation';
const ASYNC = '/services/aigc/image-generation/generation';
const IMG = 'https://example.com/a.png';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

function editBody(over = {}, params = {}) {
	return {
		model: 'wan2.6-image',
		input: {
			messages: [
				{
					role: 'user',
					content: [
						{ text: over.prompt ?? 'a red fox in snow' },
						...(over.images ?? [IMG]).map((image) => ({ image })),
					],
				},
			],
		},
		parameters: { n: 1, prompt_extend: false, watermark: false, ...params },
	};
}
function interleaveBody(over = {}, params = {}) {
	return {
		model: 'wan2.6-image',
		input: {
			messages: [
				{
					role: 'user',
					content: [
						{ text: over.prompt ?? 'a 3-step tea tutorial' },
						...(over.images ?? []).map((image) => ({ image })),
					],
				},
			],
		},
		parameters: { enable_interleave: true, max_images: 3, ...params },
	};
}

let emu;

/** Small HTTP client. Resolves {status, headers, text, json}; rejects on socket errors. */
async function call(p, { method = 'POST', body, headers = {}, auth = true, raw = false } = {}) {
	const h = { ...headers };
	if (auth) h.authorization = `Bearer ${auth === true ? KEY : auth}`;
	if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
	const url = p.startsWith('http')
		? p
		: p.startsWith('/__emulator') || p.startsWith('/results')
			? emu.url + p
			: emu.apiUrl + p;
	const res = await fetch(url, {
		method,
		headers: h,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	if (raw)
		return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}
const sync = (body, headers) => call(SYNC, { body, headers });
const sse = (body, headers) =>
	call(SYNC, { body, headers: { 'x-dashscope-sse': 'enable', ...headers } });
const create = (body, headers) =>
	call(ASYNC, { body, headers: { 'x-dashscope-async': 'enable', ...headers } });
const poll = (id) => call(`/tasks/${id}`, { method: 'GET' });
const control = (p, method = 'GET', body) =>
	call(`/__emulator/${p}`, { method, body, auth: false });

/** Parse a DashScope SSE body into frames, asserting the exact framing. */
function frames(text) {
	expect(text.endsWith('\n\n')).toBe(true);
	return text
		.slice(0, -2)
		.split('\n\n')
		.map((block) => {
			const m = /^id:(\d+)\nevent:(result|error)\n:HTTP_STATUS\/(\d{3})\ndata:(\S.*)$/.exec(block);
			if (!m) throw new Error(`bad frame: ${JSON.stringify(block)}`);
			let data;
			try {
				data = JSON.parse(m[4]);
			} catch {
				data = undefined;
			}
			return { id: Number(m[1]), event: m[2], status: Number(m[3]), raw: m[4], data };
		});
}
const contentOf = (f) => f.data.output.choices[0].message.content[0];

async function pollUntil(id, statuses, timeoutMs = 3000) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const r = await poll(id);
		if (statuses.includes(r.json.output.task_status)) return r;
		if (Date.now() > end) throw new Error(`task ${id} stuck in ${r.json.output.task_status}`);
		await sleep(15);
	}
}

beforeAll(async () => {
	emu = await startEmulator({
		taskTimings: { pendingMs: 60, runningMs: 60, syncMs: 0, sseFrameMs: 0 },
		limits: false,
	});
});
afterAll(() => emu.close());
afterEach(() => {
	emu.reset();
	emu.configure({
		taskTimings: { pendingMs: 60, runningMs: 60, syncMs: 0, sseFrameMs: 0, byPrompt: [] },
		timeScale: 1,
		limits: false,
		resultTtlMs: 24 * 3600e3,
		strictLengths: false,
		apiKey: KEY,
		models: [],
	});
});

// ---------------------------------------------------------------------------------------------
describe('module API', () => {
	test('startEmulator exposes url, apiUrl, requests, tasks, fault, reset, close, stats', () => {
		expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(emu.apiUrl).toBe(`${emu.url}/api/v1`);
		expect(Array.isArray(emu.requests)).toBe(true);
		expect(emu.tasks).toBeInstanceOf(Map);
		for (const fn of ['fault', 'reset', 'close', 'stats', 'configure'])
			expect(typeof emu[fn]).toBe('function');
	});

	test('formatTaskTime renders UTC+8 with milliseconds', () => {
		expect(formatTaskTime(Date.UTC(2025, 11, 16, 20, 21, 2, 275))).toBe('2025-12-17 04:21:02.275');
	});

	test('a second emulator on port 0 gets its own port and closes cleanly', async () => {
		const other = await startEmulator({ apiKey: 'sk-other' });
		expect(other.port).not.toBe(emu.port);
		const r = await fetch(`${other.apiUrl}/tasks/x`, {
			headers: { authorization: 'Bearer sk-other' },
		});
		expect(r.status).toBe(200);
		await other.close();
		await expect(fetch(`${other.apiUrl}/tasks/x`)).rejects.toThrow();
	});
});

// ---------------------------------------------------------------------------------------------
describe('sync edit mode (JSON)', () => {
	test('documented response shape: one choice per image, finished, usage, request_id', async () => {
		const r = await sync(editBody({}, { n: 2, size: '1280*720' }));
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/application\/json/);
		const { output, usage, request_id } = r.json;
		expect(request_id).toMatch(/^[0-9a-f-]{36}$/);
		expect(output.finished).toBe(true);
		expect(output.choices).toHaveLength(2);
		for (const c of output.choices) {
			expect(c.finish_reason).toBe('stop');
			expect(c.message.role).toBe('assistant');
			expect(c.message.content).toHaveLength(1);
			expect(c.message.content[0].type).toBe('image');
			expect(c.message.content[0].image).toMatch(
				new RegExp(`^${emu.url}/results/.+\\.png\\?Expires=\\d+`),
			);
		}
		expect(usage).toEqual({
			image_count: 2,
			input_tokens: 0,
			output_tokens: 0,
			size: '1280*720',
			total_tokens: 0,
		});
	});

	test('n defaults to 4 and size defaults to 1K (1280*1280)', async () => {
		const body = editBody();
		delete body.parameters.n;
		const r = await sync(body);
		expect(r.json.output.choices).toHaveLength(4);
		expect(r.json.usage).toMatchObject({ image_count: 4, size: '1280*1280' });
	});

	test.each([
		['2K', '2048*2048'],
		['1000*1000', '1008*1008'],
		['1280*960', '1280*960'],
	])('size %s → usage.size %s (multiples of 16)', async (size, expected) => {
		const r = await sync(editBody({}, { size }));
		expect(r.json.usage.size).toBe(expected);
	});

	test('1K uses the aspect ratio of the last input image (PNG data URI)', async () => {
		const wide = `data:image/png;base64,${encodePngSync(1600, 900, [1, 2, 3]).toString('base64')}`;
		const r = await sync(editBody({ images: [IMG, wide] }, { size: '1K' }));
		const [w, h] = r.json.usage.size.split('*').map(Number);
		expect(w % 16).toBe(0);
		expect(h % 16).toBe(0);
		expect(w / h).toBeCloseTo(16 / 9, 1);
	});

	test('result URL serves real PNG bytes without Authorization', async () => {
		const r = await sync(editBody({ prompt: 'blue whale' }, { size: '1280*720' }));
		const url = r.json.output.choices[0].message.content[0].image;
		const img = await call(url, { method: 'GET', auth: false, raw: true });
		expect(img.status).toBe(200);
		expect(img.headers.get('content-type')).toBe('image/png');
		expect(img.buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		expect(pngSize(img.buf)).toEqual({ width: 160, height: 90 });
		expect(Number(img.headers.get('content-length'))).toBe(img.buf.length);
		const rec = emu.requests.find((q) => q.kind === 'result');
		expect(rec.auth.present).toBe(false);
	});

	test('edit mode with stream=true is rejected', async () => {
		const r = await sse(editBody({}, { stream: true }));
		expect(r.status).toBe(400);
		expect(r.json.code).toBe('InvalidParameter');
	});

	test('X-DashScope-Sse alone is ignored in edit mode (JSON answer)', async () => {
		const r = await sse(editBody());
		expect(r.status).toBe(200);
		expect(r.json.output.choices).toHaveLength(1);
	});
});

// ---------------------------------------------------------------------------------------------
describe('sync interleave mode (SSE)', () => {
	test('frames follow the documented DashScope framing and chunk semantics', async () => {
		const r = await sse(interleaveBody({}, { stream: true }));
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(r.text).not.toContain('[DONE]');
		expect(r.text.startsWith('id:1\nevent:result\n:HTTP_STATUS/200\ndata:{')).toBe(true);
		const fs = frames(r.text);
		expect(fs.map((f) => f.id)).toEqual(fs.map((_, i) => i + 1));
		expect(fs.every((f) => f.event === 'result' && f.status === 200)).toBe(true);
		const reqIds = new Set(fs.map((f) => f.data.request_id));
		expect(reqIds.size).toBe(1);
		// finish_reason "null" until the last frame
		expect(
			fs
				.slice(0, -1)
				.every(
					(f) =>
						f.data.output.choices[0].finish_reason === 'null' && f.data.output.finished === false,
				),
		).toBe(true);
		expect(fs.at(-1).data.output.choices[0].finish_reason).toBe('stop');
		expect(fs.at(-1).data.output.finished).toBe(true);
		// one content item per frame; text deltas; images whole, own frame
		const kinds = fs.map((f) => contentOf(f).type);
		expect(fs.every((f) => f.data.output.choices[0].message.content.length === 1)).toBe(true);
		expect(kinds.filter((k) => k === 'image')).toHaveLength(3);
		expect(kinds.filter((k) => k === 'text').length).toBeGreaterThan(10);
		expect(kinds[0]).toBe('text');
		// narrative order: text, image, text, image, text, image
		const runs = kinds.filter((k, i) => i === 0 || k !== kinds[i - 1]);
		expect(runs).toEqual(['text', 'image', 'text', 'image', 'text', 'image']);
		// usage cumulative
		let prev = { output_tokens: 0, image_count: 0 };
		for (const f of fs) {
			const u = f.data.usage;
			expect(u.output_tokens).toBeGreaterThan(prev.output_tokens);
			expect(u.image_count).toBeGreaterThanOrEqual(prev.image_count);
			expect(u.total_tokens).toBe(u.input_tokens + u.output_tokens);
			expect(u.size).toBe(u.image_count === 0 ? '0*0' : '1280*1280');
			prev = u;
		}
		expect(prev.image_count).toBe(3);
		// the deltas add up to sentences mentioning the prompt
		const text = fs
			.filter((f) => contentOf(f).type === 'text')
			.map((f) => contentOf(f).text)
			.join('');
		expect(text).toContain('a 3-step tea tutorial');
		// images are downloadable
		const img = await call(contentOf(fs.at(-1)).image, { method: 'GET', auth: false, raw: true });
		expect(img.status).toBe(200);
	});

	test('no-space framing: every data line is "data:{"', async () => {
		const r = await sse(interleaveBody({}, { stream: true, max_images: 1 }));
		const dataLines = r.text.split('\n').filter((l) => l.startsWith('data'));
		expect(dataLines.length).toBeGreaterThan(2);
		expect(dataLines.every((l) => l.startsWith('data:{'))).toBe(true);
		expect(r.text).not.toMatch(/^(id|event|data): /m);
	});

	test('interleave size W*H and default 1280*1280 without input image', async () => {
		const r1 = await sse(interleaveBody({}, { stream: true, max_images: 1, size: '960*1280' }));
		expect(frames(r1.text).at(-1).data.usage.size).toBe('960*1280');
		const r2 = await sse(interleaveBody({}, { stream: true, max_images: 1 }));
		expect(frames(r2.text).at(-1).data.usage.size).toBe('1280*1280');
	});

	test.each([
		[
			'header without stream',
			{ 'x-dashscope-sse': 'enable' },
			{},
			'x-dashscope-sse and stream parameter mismatch',
		],
		[
			'stream without header',
			{},
			{ stream: true },
			'x-dashscope-sse and stream parameter mismatch',
		],
	])('%s → 400 mismatch', async (_n, headers, params, message) => {
		const r = await call(SYNC, { body: interleaveBody({}, params), headers });
		expect(r.status).toBe(400);
		expect(r.json).toEqual({ code: 'InvalidParameter', message, request_id: expect.any(String) });
	});

	test('non-stream interleave on the sync endpoint → 400', async () => {
		const r = await sync(interleaveBody());
		expect(r.status).toBe(400);
		expect(r.json.code).toBe('InvalidParameter');
	});

	test('n != 1 in interleave → num_images_per_prompt must be 1', async () => {
		const r = await sse(interleaveBody({}, { stream: true, n: 2 }));
		expect(r.status).toBe(400);
		expect(r.json.message).toBe('num_images_per_prompt must be 1');
	});
});

// ---------------------------------------------------------------------------------------------
describe('async tasks', () => {
	test('create without X-DashScope-Async → 403 AccessDenied (documented message)', async () => {
		const r = await call(ASYNC, { body: editBody() });
		expect(r.status).toBe(403);
		expect(r.json).toEqual({
			code: 'AccessDenied',
			message: 'current user api does not support synchronous calls',
			request_id: expect.any(String),
		});
		expect(emu.stats().tasksCreated).toBe(0);
	});

	test('create → PENDING → RUNNING → SUCCEEDED with documented body', async () => {
		emu.configure({ taskTimings: { pendingMs: 150, runningMs: 300 } });
		const c = await create(editBody({}, { n: 2 }));
		expect(c.status).toBe(200);
		expect(c.json).toEqual({
			output: { task_status: 'PENDING', task_id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
			request_id: expect.any(String),
		});
		const id = c.json.output.task_id;
		const p1 = await poll(id);
		expect(p1.json.output).toEqual({
			task_id: id,
			task_status: 'PENDING',
			submit_time: expect.stringMatching(TIME_RE),
		});
		const p2 = await pollUntil(id, ['RUNNING', 'SUCCEEDED']);
		expect(p2.json.output.task_status).toBe('RUNNING');
		expect(p2.json.output.scheduled_time).toMatch(TIME_RE);
		const done = await pollUntil(id, ['SUCCEEDED']);
		const o = done.json.output;
		expect(Object.keys(o)).toEqual([
			'task_id',
			'task_status',
			'submit_time',
			'scheduled_time',
			'end_time',
			'finished',
			'choices',
		]);
		expect(o.finished).toBe(true);
		expect(o.choices).toHaveLength(2);
		expect(o.choices[1].message.content[0]).toEqual({
			type: 'image',
			image: expect.stringContaining('/results/'),
		});
		expect(done.json.usage).toEqual({
			image_count: 2,
			input_tokens: 0,
			output_tokens: 0,
			size: '1280*1280',
			total_tokens: 0,
		});
		expect(done.json.request_id).not.toBe(c.json.request_id);
		// UTC+8, to the millisecond: the time the task was accepted, 8 hours ahead.
		const utc = (t) => Date.parse(`${t.replace(' ', 'T')}Z`) - 8 * 3600e3;
		expect(utc(o.submit_time)).toBe(emu.tasks.get(id).submittedAt);
		expect(o.submit_time <= o.scheduled_time && o.scheduled_time <= o.end_time).toBe(true);
		expect(emu.tasks.get(id).status).toBe('SUCCEEDED');
	});

	test('async interleave: one choice with alternating text/image content and token usage', async () => {
		const c = await create(interleaveBody({}, { max_images: 2, stream: undefined }));
		const done = await pollUntil(c.json.output.task_id, ['SUCCEEDED']);
		expect(done.json.output.choices).toHaveLength(1);
		const content = done.json.output.choices[0].message.content;
		expect(content.map((x) => x.type)).toEqual(['text', 'image', 'text', 'image']);
		expect(content[0].text.length).toBeGreaterThan(20);
		const u = done.json.usage;
		expect(u.image_count).toBe(2);
		expect(u.input_tokens).toBeGreaterThan(0);
		expect(u.total_tokens).toBe(u.input_tokens + u.output_tokens);
	});

	test('unknown task id → 200 UNKNOWN', async () => {
		const r = await poll('00000000-0000-0000-0000-000000000000');
		expect(r.status).toBe(200);
		expect(r.json.output).toEqual({
			task_id: '00000000-0000-0000-0000-000000000000',
			task_status: 'UNKNOWN',
		});
	});

	test('cancel a PENDING task → CANCELED; cancel a RUNNING task → 400 UnsupportedOperation', async () => {
		emu.configure({ taskTimings: { pendingMs: 300, runningMs: 2000 } });
		const a = await create(editBody());
		const id = a.json.output.task_id;
		const c = await call(`/tasks/${id}/cancel`);
		expect(c.status).toBe(200);
		expect(c.json).toEqual({ request_id: expect.any(String) });
		const p = await poll(id);
		expect(p.json.output).toMatchObject({
			task_status: 'CANCELED',
			end_time: expect.stringMatching(TIME_RE),
		});
		const b = await create(editBody());
		await pollUntil(b.json.output.task_id, ['RUNNING']);
		const c2 = await call(`/tasks/${b.json.output.task_id}/cancel`);
		expect(c2.status).toBe(400);
		expect(c2.json.code).toBe('UnsupportedOperation');
		expect(emu.stats().tasks).toMatchObject({ CANCELED: 1, RUNNING: 1 });
	});

	test('per-prompt timing overrides (taskTimings.byPrompt)', async () => {
		emu.configure({
			taskTimings: {
				pendingMs: 0,
				runningMs: 0,
				byPrompt: [{ match: 'take-your-time', pendingMs: 5000 }],
			},
		});
		const slow = await create(editBody({ prompt: 'please take-your-time' }));
		const fast = await create(editBody({ prompt: 'quick' }));
		expect((await poll(fast.json.output.task_id)).json.output.task_status).toBe('SUCCEEDED');
		expect((await poll(slow.json.output.task_id)).json.output.task_status).toBe('PENDING');
	});

	test('result links expire after resultTtlMs with an OSS-style 403 XML body', async () => {
		emu.configure({ resultTtlMs: 80, taskTimings: { pendingMs: 0, runningMs: 0 } });
		const c = await create(editBody());
		const done = await poll(c.json.output.task_id);
		const url = done.json.output.choices[0].message.content[0].image;
		expect((await call(url, { method: 'GET', auth: false, raw: true })).status).toBe(200);
		await sleep(120);
		const r = await call(url, { method: 'GET', auth: false });
		expect(r.status).toBe(403);
		expect(r.headers.get('content-type')).toBe('application/xml');
		expect(r.text).toContain('<Code>AccessDenied</Code>');
		expect(r.text).toContain('<Message>Request has expired.</Message>');
		expect(emu.stats().resultsExpired).toBe(1);
	});

	test('unknown result → 404 NoSuchKey; missing Expires → 403', async () => {
		const r = await call('/results/nope-0.png?Expires=1', { method: 'GET', auth: false });
		expect(r.status).toBe(404);
		expect(r.text).toContain('<Code>NoSuchKey</Code>');
		const s = await sync(editBody());
		const url = s.json.output.choices[0].message.content[0].image.split('?')[0];
		const r2 = await call(url, { method: 'GET', auth: false });
		expect(r2.status).toBe(403);
	});
});

// ---------------------------------------------------------------------------------------------
describe('authentication, models, request recording', () => {
	test('missing key → 401 "No API-key provided."; wrong key → 401 InvalidApiKey', async () => {
		const a = await call(SYNC, { body: editBody(), auth: false });
		expect(a.status).toBe(401);
		expect(a.json).toEqual({
			code: 'InvalidApiKey',
			message: 'No API-key provided.',
			request_id: expect.any(String),
		});
		const b = await call('/tasks/abc', { method: 'GET', auth: 'sk-wrong' });
		expect(b.status).toBe(401);
		expect(b.json.message).toBe('Invalid API-key provided.');
	});

	test('unknown model → 404 ModelNotFound; extra model ids via options are accepted', async () => {
		const a = await sync({ ...editBody(), model: 'wan9-image' });
		expect(a.status).toBe(404);
		expect(a.json.code).toBe('ModelNotFound');
		emu.configure({ models: ['wan2.6-image-custom'] });
		const b = await sync({ ...editBody(), model: 'wan2.6-image-custom' });
		expect(b.status).toBe(200);
		expect((await sync(editBody())).status).toBe(200);
	});

	test('records method, path, lower-cased headers, parsed body; never the key', async () => {
		await create(editBody({ prompt: 'recorded' }), { 'X-Custom-Thing': 'Yes' });
		await call(SYNC, { body: editBody(), auth: 'sk-secret-wrong-key' });
		const [a, b] = emu.requests;
		expect(a).toMatchObject({
			method: 'POST',
			path: '/api/v1/services/aigc/image-generation/generation',
			kind: 'create',
			status: 200,
		});
		expect(a.headers['x-custom-thing']).toBe('Yes');
		expect(a.headers['x-dashscope-async']).toBe('enable');
		expect(a.headers.authorization).toBeUndefined();
		expect(a.auth).toEqual({ present: true, valid: true });
		expect(a.body.input.messages[0].content[0].text).toBe('recorded');
		expect(a.taskId).toBe(Array.from(emu.tasks.keys())[0]);
		expect(b.auth).toEqual({ present: true, valid: false });
		const dump = JSON.stringify(emu.requests);
		expect(dump).not.toContain(KEY);
		expect(dump).not.toContain('sk-secret-wrong-key');
		expect(emu.stats().tasksCreated).toBe(1);
	});

	test('non-JSON content type and invalid JSON → 400 InvalidParameter', async () => {
		const a = await call(SYNC, {
			body: JSON.stringify(editBody()),
			headers: { 'content-type': 'text/plain' },
		});
		expect(a.status).toBe(400);
		const b = await call(SYNC, {
			body: '{"model":',
			headers: { 'content-type': 'application/json' },
		});
		expect(b.status).toBe(400);
		expect(b.json.code).toBe('InvalidParameter');
	});

	test('workspace option requires a matching X-DashScope-WorkSpace header', async () => {
		emu.configure({ workspace: 'llm-ws1' });
		try {
			expect((await sync(editBody())).json.code).toBe('Workspace.AccessDenied');
			expect((await sync(editBody(), { 'X-DashScope-WorkSpace': 'llm-ws1' })).status).toBe(200);
		} finally {
			emu.configure({ workspace: null });
		}
	});
});

// ---------------------------------------------------------------------------------------------
describe('validation (§2.2–2.4)', () => {
	const two = (b) => ({ ...b, input: { messages: [b.input.messages[0], b.input.messages[0]] } });
	const setContent = (b, content) => ({ ...b, input: { messages: [{ role: 'user', content }] } });
	const cases = [
		['two messages', two(editBody()), 'InvalidParameter'],
		[
			'role assistant',
			{
				...editBody(),
				input: { messages: [{ role: 'assistant', content: [{ text: 'x' }, { image: IMG }] }] },
			},
			'InvalidParameter',
		],
		['no text item', setContent(editBody(), [{ image: IMG }]), 'InvalidParameter'],
		[
			'two text items',
			setContent(editBody(), [{ text: 'a' }, { text: 'b' }, { image: IMG }]),
			'InvalidParameter',
		],
		['edit with 0 images', editBody({ images: [] }), 'InvalidParameter'],
		['edit with 5 images', editBody({ images: [IMG, IMG, IMG, IMG, IMG] }), 'InvalidParameter'],
		['n = 5', editBody({}, { n: 5 }), 'InvalidParameter'],
		['n = 0', editBody({}, { n: 0 }), 'InvalidParameter'],
		['n as string', editBody({}, { n: '2' }), 'InvalidParameter'],
		['size below 768*768', editBody({}, { size: '512*512' }), 'InvalidParameter'],
		['size above 2048*2048', editBody({}, { size: '4096*4096' }), 'InvalidParameter'],
		['ratio beyond 4:1', editBody({}, { size: '2000*400' }), 'InvalidParameter'],
		['x separator', editBody({}, { size: '1280x1280' }), 'InvalidParameter'],
		['size 4K', editBody({}, { size: '4K' }), 'InvalidParameter'],
		['seed -1', editBody({}, { seed: -1 }), 'InvalidParameter'],
		['seed 2^31', editBody({}, { seed: 2147483648 }), 'InvalidParameter'],
		[
			'enable_interleave as string',
			editBody({}, { enable_interleave: 'true' }),
			'InvalidParameter',
		],
		['ftp image URL', editBody({ images: ['ftp://example.com/a.png'] }), 'InvalidURL'],
		['bare file path', editBody({ images: ['/tmp/a.png'] }), 'InvalidURL'],
		['oss:// without resolve header', editBody({ images: ['oss://bucket/a.png'] }), 'InvalidURL'],
		['empty data URI', editBody({ images: ['data:image/png;base64,'] }), 'InvalidParameter'],
		[
			'data URI over 20 MiB [3P S16]',
			editBody({ images: [`data:image/png;base64,${'A'.repeat(20 * 1024 * 1024)}`] }),
			'BadRequest.TooLarge',
		],
		['missing model', { ...editBody(), model: undefined }, 'BadRequest.EmptyModel'],
		['missing input', { ...editBody(), input: undefined }, 'BadRequest.EmptyInput'],
	];
	test.each(cases.map(([name, body, code]) => ({ name, body, code })))(
		'$name → 400 $code',
		async ({ body, code }) => {
			const r = await sync(body);
			expect(r.status).toBe(400);
			expect(r.json.code).toBe(code);
			expect(typeof r.json.message).toBe('string');
			expect(r.json.request_id).toEqual(expect.any(String));
		},
	);

	const sseCases = [
		['interleave with 2 images', interleaveBody({ images: [IMG, IMG] }, { stream: true })],
		['max_images 6', interleaveBody({}, { stream: true, max_images: 6 })],
		['max_images 0', interleaveBody({}, { stream: true, max_images: 0 })],
		['1K in interleave', interleaveBody({}, { stream: true, size: '1K' })],
		['interleave above 1280*1280', interleaveBody({}, { stream: true, size: '1440*1440' })],
	];
	test.each(sseCases)('%s → 400 InvalidParameter', async (_name, body) => {
		const r = await sse(body);
		expect(r.status).toBe(400);
		expect(r.json.code).toBe('InvalidParameter');
	});

	test('valid edge values pass: 4 images, 1 image in interleave, seed bounds, data URI, oss:// with header', async () => {
		const png = `data:image/png;base64,${encodePngSync(300, 300, [9, 9, 9]).toString('base64')}`;
		expect(
			(await sync(editBody({ images: [IMG, png, IMG, 'http://example.com/b.jpg'] }, { seed: 0 })))
				.status,
		).toBe(200);
		expect((await sync(editBody({}, { seed: 2147483647, size: '768*768' }))).status).toBe(200);
		expect(
			(await sse(interleaveBody({ images: [png] }, { stream: true, max_images: 1 }))).status,
		).toBe(200);
		expect(
			(
				await sync(editBody({ images: ['oss://bucket/a.png'] }), {
					'X-DashScope-OssResourceResolve': 'enable',
				})
			).status,
		).toBe(200);
	});

	test('prompt > 2000 chars and negative_prompt > 500 are silently truncated (strictLengths rejects)', async () => {
		const long = '字'.repeat(2100);
		const c = await create(editBody({ prompt: long }, { negative_prompt: 'n'.repeat(600) }));
		expect(c.status).toBe(200);
		const task = emu.tasks.get(c.json.output.task_id);
		expect(Array.from(task.prompt)).toHaveLength(2000);
		expect(task.promptTruncated).toBe(true);
		expect(task.negativePrompt).toHaveLength(500);
		emu.configure({ strictLengths: true });
		expect((await create(editBody({ prompt: long }))).status).toBe(400);
	});

	test('unsupported data-URI format: sync → 415 BadRequest.UnsupportedFileFormat, async → FAILED task', async () => {
		const gif = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
		const s = await sync(editBody({ images: [gif] }));
		expect(s.status).toBe(415);
		expect(s.json.code).toBe('BadRequest.UnsupportedFileFormat');
		const c = await create(editBody({ images: [gif] }));
		expect(c.status).toBe(200);
		const done = await pollUntil(c.json.output.task_id, ['FAILED']);
		expect(done.json.output.code).toBe('BadRequest.UnsupportedFileFormat');
	});

	test('PNG input smaller than 240 px → InvalidParameter', async () => {
		const tiny = `data:image/png;base64,${encodePngSync(100, 100, [1, 1, 1]).toString('base64')}`;
		const r = await sync(editBody({ images: [tiny] }));
		expect(r.status).toBe(400);
		expect(r.json.message).toMatch(/240/);
	});
});

// ---------------------------------------------------------------------------------------------
describe('account limits (§6)', () => {
	test('5 submissions per second → 6th gets 429 Throttling.RateQuota', async () => {
		emu.configure({ limits: { submitPerSecond: 5, runningTasks: 0, queriesPerSecond: 0 } });
		const rs = [];
		for (let i = 0; i < 6; i++) rs.push(await create(editBody()));
		expect(rs.slice(0, 5).every((r) => r.status === 200)).toBe(true);
		expect(rs[5].status).toBe(429);
		expect(rs[5].json).toEqual({
			code: 'Throttling.RateQuota',
			message: 'Requests rate limit exceeded, please try again later.',
			request_id: expect.any(String),
		});
		expect(emu.stats().throttledBy.submitRate).toBe(1);
		await sleep(1010);
		expect((await create(editBody())).status).toBe(200);
	});

	test('5 running tasks → 6th create gets 429; a finished task frees a slot', async () => {
		emu.configure({
			limits: { submitPerSecond: 0, runningTasks: 5, queriesPerSecond: 0 },
			taskTimings: { pendingMs: 0, runningMs: 150, byPrompt: [{ match: 'long', runningMs: 5000 }] },
		});
		for (let i = 0; i < 4; i++)
			expect((await create(editBody({ prompt: 'long job' }))).status).toBe(200);
		expect((await create(editBody({ prompt: 'short job' }))).status).toBe(200);
		const sixth = await create(editBody());
		expect(sixth.status).toBe(429);
		expect(sixth.json.code).toBe('Throttling.RateQuota');
		expect(emu.stats()).toMatchObject({
			peakRunning: 5,
			overRunningLimit: 1,
			running: 5,
			throttledBy: { runningTasks: 1 },
		});
		await sleep(200);
		expect((await create(editBody())).status).toBe(200);
	});

	test('sync calls hold a running slot while they run (limits.countSync)', async () => {
		emu.configure({
			limits: { submitPerSecond: 0, runningTasks: 1, queriesPerSecond: 0 },
			taskTimings: { syncMs: 200 },
		});
		const [a, b] = await Promise.all([sync(editBody()), sleep(50).then(() => sync(editBody()))]);
		expect([a.status, b.status]).toEqual([200, 429]);
	});

	test('20 queries per second → 21st poll gets 429', async () => {
		emu.configure({ limits: { submitPerSecond: 0, runningTasks: 0, queriesPerSecond: 20 } });
		const statuses = [];
		for (let i = 0; i < 21; i++) statuses.push((await poll('t')).status);
		expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
		expect(statuses[20]).toBe(429);
		expect(emu.stats().throttledBy.queryRate).toBe(1);
	});

	test('a create refused by another check while the slots are full still counts as over the limit', async () => {
		emu.configure({
			limits: { submitPerSecond: 0, runningTasks: 1, queriesPerSecond: 0 },
			taskTimings: { pendingMs: 0, runningMs: 5000 },
		});
		expect((await create(editBody())).status).toBe(200);
		expect((await create(editBody({}, { n: 9 }))).status).toBe(400); // invalid, and over the limit
		expect((await create(editBody())).status).toBe(429);
		expect(emu.stats()).toMatchObject({
			peakRunning: 1,
			overRunningLimit: 2,
			throttledBy: { runningTasks: 1 },
		});
	});

	test('limits: false disables all limits', async () => {
		emu.configure({ limits: false });
		const rs = await Promise.all(Array.from({ length: 12 }, () => create(editBody())));
		expect(rs.every((r) => r.status === 200)).toBe(true);
		expect(emu.stats().throttled).toBe(0);
	});
});

// ---------------------------------------------------------------------------------------------
describe('faults', () => {
	test('status 429 burst on create (times: 2), then success; handle counts', async () => {
		const h = emu.fault({ on: 'create', kind: 'status', status: 429, times: 2 });
		const r = [await create(editBody()), await create(editBody()), await create(editBody())];
		expect(r.map((x) => x.status)).toEqual([429, 429, 200]);
		expect(r[0].json.code).toBe('Throttling.RateQuota');
		expect(h.fired).toBe(2);
		expect(h.active).toBe(false);
		expect(emu.stats()).toMatchObject({
			tasksCreated: 1,
			throttled: 2,
			throttledBy: { fault: 2 },
			faultsFired: 2,
		});
	});

	test('status 429 on poll and on sync', async () => {
		emu.fault([
			{ on: 'poll', kind: 'status', status: 429 },
			{ on: 'sync', kind: 'status', status: 429, code: 'Throttling' },
		]);
		expect((await poll('x')).status).toBe(429);
		expect((await poll('x')).status).toBe(200);
		const s = await sync(editBody());
		expect(s.status).toBe(429);
		expect(s.json.code).toBe('Throttling');
	});

	test.each([
		['create', 500, 'InternalError'],
		['create', 503, 'ModelUnavailable'],
		['poll', 500, 'InternalError'],
		['poll', 503, 'ModelUnavailable'],
	])('status %s %i → %s', async (on, status, code) => {
		emu.fault({ on, kind: 'status', status });
		const r = on === 'create' ? await create(editBody()) : await poll('x');
		expect(r.status).toBe(status);
		expect(r.json.code).toBe(code);
		expect(r.json.message.length).toBeGreaterThan(5);
	});

	test.each(['DataInspectionFailed', 'IPInfringementSuspect'])(
		'content moderation %s as an HTTP 400 on sync',
		async (code) => {
			emu.fault({ on: 'sync', kind: 'status', code });
			const r = await sync(editBody());
			expect(r.status).toBe(400);
			expect(r.json).toEqual({ code, message: ERRORS[code][1], request_id: expect.any(String) });
		},
	);

	test('reset on create: socket reset, no task created', async () => {
		emu.fault({ on: 'create', kind: 'reset' });
		await expect(create(editBody())).rejects.toThrow();
		expect(emu.stats().tasksCreated).toBe(0);
		expect(emu.requests[0].status).toBe('reset');
	});

	test('resetAfterCreate: the task exists but the client gets a socket reset', async () => {
		emu.fault({ kind: 'resetAfterCreate' });
		await expect(create(editBody({ prompt: 'ghost' }))).rejects.toThrow();
		expect(emu.stats().tasksCreated).toBe(1);
		const [task] = emu.tasks.values();
		expect(task.prompt).toBe('ghost');
		expect((await poll(task.id)).json.output.task_id).toBe(task.id);
	});

	test('slow: holds the answer while a later request is answered (used up once fired)', async () => {
		emu.fault({ on: 'poll', kind: 'slow', delayMs: 60_000 });
		const held = new AbortController();
		const first = fetch(`${emu.apiUrl}/tasks/x`, {
			headers: { authorization: `Bearer ${KEY}` },
			signal: held.signal,
		}).catch((error) => error.name);
		while (emu.requests[0]?.faults.length !== 1) await sleep(5);
		expect((await poll('x')).status).toBe(200);
		expect(emu.requests[0]).toMatchObject({ faults: ['slow'], status: null });
		held.abort();
		expect(await first).toBe('AbortError');
	});

	test('slow + status combine on one request', async () => {
		emu.fault([
			{ on: 'create', kind: 'slow', delayMs: 100 },
			{ on: 'create', kind: 'status', status: 503 },
		]);
		const r = await create(editBody());
		expect(r.status).toBe(503);
		expect(emu.requests[0].faults).toEqual(['slow', 'status']);
	});

	test('timeScale runs task timings and fault delays at a fraction of their length', async () => {
		emu.configure({ timeScale: 0.001, taskTimings: { pendingMs: 100_000, runningMs: 200_000 } });
		emu.fault({ on: 'poll', kind: 'slow', delayMs: 300_000 });
		const id = (await create(editBody())).json.output.task_id;
		const o = (await pollUntil(id, ['SUCCEEDED'])).json.output;
		const utc = (t) => Date.parse(`${t.replace(' ', 'T')}Z`);
		expect(utc(o.scheduled_time) - utc(o.submit_time)).toBe(100);
		expect(utc(o.end_time) - utc(o.scheduled_time)).toBe(200);
		expect(emu.requests.find((r) => r.kind === 'poll').faults).toEqual(['slow']);
		expect(() => emu.configure({ timeScale: 0 })).toThrow('timeScale must be a number > 0');
	});

	test('malformed: 200 with a body that is not valid JSON (poll and create)', async () => {
		emu.fault({ on: 'poll', kind: 'malformed' });
		const r = await poll('x');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/json/);
		expect(r.json).toBeUndefined();
		expect(r.text.startsWith('{')).toBe(true);
		emu.fault({ on: 'create', kind: 'malformed', body: 'not json at all' });
		const c = await create(editBody());
		expect(c.text).toBe('not json at all');
		expect(emu.stats().tasksCreated).toBe(1);
	});

	test('malformed on SSE: one frame carries invalid JSON', async () => {
		emu.fault({ on: 'sync', kind: 'malformed', afterFrames: 2 });
		const r = await sse(interleaveBody({}, { stream: true, max_images: 1 }));
		const fs = frames(r.text);
		expect(fs[2].data).toBeUndefined();
		expect(fs.filter((f) => f.data === undefined)).toHaveLength(1);
		expect(fs.at(-1).data.output.choices[0].finish_reason).toBe('stop');
	});

	test('truncate on SSE: the stream ends before the final frame (clean end)', async () => {
		emu.fault({ on: 'sync', kind: 'truncate' });
		const r = await sse(interleaveBody({}, { stream: true, max_images: 2 }));
		expect(r.status).toBe(200);
		const fs = frames(r.text);
		expect(fs.length).toBeGreaterThan(5);
		expect(fs.every((f) => f.data.output.choices[0].finish_reason === 'null')).toBe(true);
		const full = await sse(interleaveBody({}, { stream: true, max_images: 2 }));
		expect(frames(full.text)).toHaveLength(fs.length + 1);
	});

	test('truncate on SSE with abrupt: the socket is destroyed mid-stream', async () => {
		emu.fault({ on: 'sync', kind: 'truncate', afterFrames: 3, abrupt: true });
		await expect(sse(interleaveBody({}, { stream: true }))).rejects.toThrow();
	});

	test('truncate on a JSON answer: fewer bytes than content-length, then reset', async () => {
		emu.fault({ on: 'poll', kind: 'truncate' });
		await expect(poll('x')).rejects.toThrow();
	});

	test('sseError: event:error frame with :HTTP_STATUS/429 Throttling.AllocationQuota', async () => {
		emu.fault({ on: 'sync', kind: 'sseError' });
		const r = await sse(interleaveBody({}, { stream: true }));
		// As recorded: HTTP 200, the status in the frame (variant sseErrorStatus 'http' sends 429).
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const fs = frames(r.text);
		expect(fs).toEqual([
			{
				id: 1,
				event: 'error',
				status: 429,
				raw: expect.any(String),
				data: {
					request_id: expect.any(String),
					code: 'Throttling.AllocationQuota',
					message: 'Allocated quota exceeded, please increase your quota limit.',
				},
			},
		]);
	});

	test('sseError after some frames: 200, result frames, then the error frame', async () => {
		emu.fault({ on: 'sync', kind: 'sseError', afterFrames: 3, status: 500, code: 'InternalError' });
		const r = await sse(interleaveBody({}, { stream: true }));
		expect(r.status).toBe(200);
		const fs = frames(r.text);
		expect(fs.map((f) => f.event)).toEqual(['result', 'result', 'result', 'error']);
		expect(fs[3]).toMatchObject({ id: 4, status: 500, data: { code: 'InternalError' } });
	});

	const FAIL_CODES = [
		'InvalidParameter.FileDownload',
		'BadRequest.UnsupportedFileFormat',
		'DataInspectionFailed',
		'IPInfringementSuspect',
		'InternalError',
		'InternalError.Algo',
		'InvalidParameter',
		'InvalidParameter.DataInspection',
	];
	test.each(FAIL_CODES)('fail: FAILED task with output.code %s', async (code) => {
		emu.fault({ on: 'create', kind: 'fail', code });
		const c = await create(editBody());
		const r = await pollUntil(c.json.output.task_id, ['FAILED', 'SUCCEEDED']);
		expect(r.status).toBe(200);
		const o = r.json.output;
		expect(o).toMatchObject({ task_status: 'FAILED', code, message: ERRORS[code][1] });
		expect(o.end_time).toMatch(TIME_RE);
		expect(o.choices).toBeUndefined();
		expect(r.json.code).toBeUndefined();
	});

	test('fail with where: "top" puts code/message at the top level', async () => {
		emu.fault({
			kind: 'fail',
			code: 'InvalidParameter',
			message: 'num_images_per_prompt must be 1',
			where: 'top',
		});
		const c = await create(editBody());
		const r = await pollUntil(c.json.output.task_id, ['FAILED', 'SUCCEEDED']);
		expect(r.json.output.task_status).toBe('FAILED');
		expect(r.json.output.code).toBeUndefined();
		expect(r.json).toMatchObject({
			code: 'InvalidParameter',
			message: 'num_images_per_prompt must be 1',
		});
	});

	test('fail on sync: edit → HTTP error; interleave → event:error mid-stream', async () => {
		emu.fault({ on: 'sync', kind: 'fail', code: 'DataInspectionFailed', times: 2 });
		const a = await sync(editBody());
		expect(a.status).toBe(400);
		expect(a.json.code).toBe('DataInspectionFailed');
		const b = await sse(interleaveBody({}, { stream: true }));
		const fs = frames(b.text);
		expect(fs.at(-1)).toMatchObject({
			event: 'error',
			status: 400,
			data: { code: 'DataInspectionFailed' },
		});
		expect(fs.length).toBeGreaterThan(2);
	});

	test('expire on result: the next download is an expired-link 403', async () => {
		const s = await sync(editBody());
		const url = s.json.output.choices[0].message.content[0].image;
		emu.fault({ on: 'result', kind: 'expire' });
		const r = await call(url, { method: 'GET', auth: false });
		expect(r.status).toBe(403);
		expect(r.text).toContain('Request has expired.');
		expect((await call(url, { method: 'GET', auth: false, raw: true })).status).toBe(200);
	});

	test('expire on create: the task succeeds with links that are already expired', async () => {
		emu.configure({ taskTimings: { pendingMs: 0, runningMs: 0 } });
		emu.fault({ on: 'create', kind: 'expire' });
		const c = await create(editBody());
		const done = await poll(c.json.output.task_id);
		expect(done.json.output.task_status).toBe('SUCCEEDED');
		const r = await call(done.json.output.choices[0].message.content[0].image, {
			method: 'GET',
			auth: false,
		});
		expect(r.status).toBe(403);
	});

	test('unknown on poll: an existing task answers UNKNOWN', async () => {
		const c = await create(editBody());
		emu.fault({ kind: 'unknown', match: { taskId: c.json.output.task_id } });
		expect((await poll(c.json.output.task_id)).json.output.task_status).toBe('UNKNOWN');
		expect((await poll(c.json.output.task_id)).json.output.task_status).not.toBe('UNKNOWN');
	});

	test('faults on cancel and on result downloads (status, reset, malformed, truncate)', async () => {
		emu.fault({ on: 'cancel', kind: 'status', status: 500 });
		expect((await call('/tasks/x/cancel')).status).toBe(500);
		const s = await sync(editBody());
		const url = s.json.output.choices[0].message.content[0].image;
		const full = await call(url, { method: 'GET', auth: false, raw: true });
		emu.fault({ on: 'result', kind: 'status', status: 500 });
		const a = await call(url, { method: 'GET', auth: false });
		expect(a.status).toBe(500);
		expect(a.text).toContain('<Error>');
		emu.fault({ on: 'result', kind: 'malformed' });
		const b = await call(url, { method: 'GET', auth: false, raw: true });
		expect(b.status).toBe(200);
		expect(b.buf.length).toBeLessThan(full.buf.length);
		expect(b.buf.subarray(-8).equals(full.buf.subarray(-8))).toBe(false);
		emu.fault({ on: 'result', kind: 'truncate' });
		await expect(call(url, { method: 'GET', auth: false, raw: true })).rejects.toThrow();
		emu.fault({ on: 'result', kind: 'reset' });
		await expect(call(url, { method: 'GET', auth: false, raw: true })).rejects.toThrow();
	});

	test('match: only requests whose prompt matches; probability 0 never fires; times -1 is unlimited', async () => {
		const h = emu.fault({ on: 'sync', kind: 'status', status: 503, match: /boom/i, times: -1 });
		emu.fault({ on: 'sync', kind: 'status', status: 500, probability: 0 });
		expect((await sync(editBody({ prompt: 'calm' }))).status).toBe(200);
		expect((await sync(editBody({ prompt: 'BOOM one' }))).status).toBe(503);
		expect((await sync(editBody({ prompt: 'boom two' }))).status).toBe(503);
		expect(h.fired).toBe(2);
		expect(h.remaining).toBe(Infinity);
		expect(emu.faults).toHaveLength(2);
		h.cancel();
		expect((await sync(editBody({ prompt: 'boom three' }))).status).toBe(200);
	});

	test('invalid fault specs throw', () => {
		expect(() => emu.fault({ on: 'create', kind: 'nope' })).toThrow(/kind/);
		expect(() => emu.fault({ on: 'poll', kind: 'resetAfterCreate' })).toThrow(/not supported/);
		expect(() => emu.fault({ on: 'create', kind: 'slow' })).toThrow(/delayMs/);
		expect(() => emu.fault({ on: 'everywhere', kind: 'reset' })).toThrow(/on/);
		expect(() => emu.fault({ on: 'create', kind: 'status', times: 0, status: 500 })).toThrow(
			/times/,
		);
	});
});

// ---------------------------------------------------------------------------------------------
describe('control endpoints (/__emulator/)', () => {
	test('faults, requests, stats, tasks, config and reset over HTTP', async () => {
		const f = await control('faults', 'POST', [
			{ on: 'create', kind: 'status', status: 429, times: 1, match: { regex: '^steer' } },
		]);
		expect(f.status).toBe(200);
		expect(f.json.ids).toHaveLength(1);
		expect((await control('faults')).json.faults[0]).toMatchObject({
			on: ['create'],
			kind: 'status',
			remaining: 1,
			match: { regex: '^steer' },
		});
		expect((await create(editBody({ prompt: 'not steered' }))).status).toBe(200);
		expect((await create(editBody({ prompt: 'steered' }))).status).toBe(429);

		const reqs = await control('requests?kind=create');
		expect(reqs.json.count).toBe(2);
		expect(reqs.json.requests[1]).toMatchObject({
			status: 429,
			faults: ['status'],
			auth: { present: true, valid: true },
		});
		expect((await control(`requests?since=${reqs.json.requests[0].id}`)).json.count).toBe(1);

		const stats = await control('stats');
		expect(stats.json).toMatchObject({ tasksCreated: 1, throttled: 1 });
		expect((await control('tasks')).json.tasks[0]).toMatchObject({
			prompt: 'not steered',
			mode: 'edit',
			n: 1,
		});

		const cfg = await control('config', 'POST', {
			apiKey: 'sk-changed',
			taskTimings: { pendingMs: 1 },
		});
		expect(cfg.json.taskTimings.pendingMs).toBe(1);
		expect((await call('/tasks/x', { method: 'GET' })).status).toBe(401);
		expect((await call('/tasks/x', { method: 'GET', auth: 'sk-changed' })).status).toBe(200);
		emu.configure({ apiKey: KEY });

		expect((await control('reset', 'POST')).status).toBe(200);
		expect((await control('stats')).json).toMatchObject({ tasksCreated: 0, throttled: 0 });
		expect(emu.requests).toHaveLength(0);
		expect(emu.tasks.size).toBe(0);
	});

	test('invalid fault over HTTP → 400 with an error message; unknown route → 404', async () => {
		const r = await control('faults', 'POST', { on: 'create', kind: 'explode' });
		expect(r.status).toBe(400);
		expect(r.json.error).toMatch(/kind/);
		expect((await control('nothing')).status).toBe(404);
	});

	test('reset() clears faults, tasks, requests and counters', async () => {
		emu.fault({ on: 'poll', kind: 'status', status: 500, times: 5 });
		await create(editBody());
		emu.reset();
		expect(emu.faults).toHaveLength(0);
		expect(emu.tasks.size).toBe(0);
		expect(emu.stats().tasksCreated).toBe(0);
		expect((await poll('x')).status).toBe(200);
	});
});

// ---------------------------------------------------------------------------------------------
describe('performance smoke', () => {
	test('300 instant sync calls and 300 async create+poll round trips all succeed (speed is measured in npm run bench)', async () => {
		emu.configure({ taskTimings: { pendingMs: 0, runningMs: 0, syncMs: 0 } });
		await Promise.all(
			Array.from({ length: 300 }, (_, i) => sync(editBody({ prompt: `item ${i}` }))),
		);
		const ids = await Promise.all(
			Array.from({ length: 300 }, (_, i) =>
				create(editBody({ prompt: `task ${i}` })).then((r) => r.json.output.task_id),
			),
		);
		const done = await Promise.all(ids.map((id) => poll(id)));
		expect(done.every((r) => r.json.output.task_status === 'SUCCEEDED')).toBe(true);
		expect(emu.stats().tasksCreated).toBe(300);
		expect(emu.stats().byStatus).toEqual({ 200: 900 });
	});
});

// ---------------------------------------------------------------------------------------------
describe('CLI', () => {
	test('parseArgs maps flags to options', () => {
		expect(
			parseArgs([
				'--port',
				'18787',
				'--api-key',
				'sk-x',
				'--pending-ms=10',
				'--running-ms',
				'20',
				'--no-limits',
				'--time-scale',
				'0.05',
				'--model',
				'm2',
			]),
		).toMatchObject({
			port: 18787,
			apiKey: 'sk-x',
			taskTimings: { pendingMs: 10, runningMs: 20 },
			timeScale: 0.05,
			limits: false,
			models: ['m2'],
		});
		expect(() => parseArgs(['--bogus'])).toThrow(/unknown/);
	});

	test('prints one line with the URL, serves the API, exits on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				path.join(__dirname, 'cli.js'),
				'--port',
				'0',
				'--api-key',
				'sk-cli',
				'--pending-ms',
				'0',
				'--running-ms',
				'0',
			],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		const line = await new Promise((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (d) => {
				out += d;
				if (out.includes('\n')) resolve(out);
			});
			child.on('exit', (code) => reject(new Error(`exited ${code}`)));
		});
		const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)[1];
		expect(line.trim().split('\n')).toHaveLength(1);
		const r = await fetch(`${url}/api/v1/tasks/abc`, {
			headers: { authorization: 'Bearer sk-cli' },
		});
		expect((await r.json()).output.task_status).toBe('UNKNOWN');
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		child.kill('SIGTERM');
		expect(await exited).toEqual({ code: 0, signal: null });
	});
});
