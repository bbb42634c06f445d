/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests use Node's own modules; they never run inside n8n */
/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests wait on real timers and read files; node code uses sleep() */
/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * Recorded DashScope answers (test/fixtures/dashscope/, sources in its index.json) through the
 * node's parser and error mapping, and the emulator's answer for the same situation beside each.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INode } from 'n8n-workflow';

import { errorBody, parseGeneration, taskFields, taskTimeToMs } from '../../nodes/Wanx/api/parse';
import { assembleSse } from './assembleSse';
import type { TaskResponse } from '../../nodes/Wanx/api/dashScopeBodies';
import { apiError } from '../../nodes/Wanx/transport/callErrors';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEmulator } = require('../emulator');

const DIR = join(__dirname, '..', 'fixtures', 'dashscope');
const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8'));
type Fixture = { file: string; httpStatus: number; expect: Record<string, unknown> };
const fixture = (file: string): Fixture => index.fixtures.find((f: Fixture) => f.file === file);
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const json = (file: string) => JSON.parse(read(file));

const node: INode = {
	id: 'fixture',
	name: 'Wanx',
	type: 'n8n-nodes-wanx.wanx',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{3})?$/;
const keys = (o: object) => Object.keys(o).sort();
const body$ = async (res: Response): Promise<any> => await res.json();

describe('every fixture is indexed with a source and a date', () => {
	const files = readdirSync(DIR).filter((f: string) => f !== 'index.json' && f !== 'README.md');
	it.each(files as string[])('%s', (file) => {
		const entry = fixture(file);
		expect(entry).toBeDefined();
		const source = (entry as unknown as { source: Record<string, string> }).source;
		expect(source.url).toMatch(/^https:\/\//);
		expect(source.answeredOn).toBeTruthy();
		expect(index.recordedOn).toBe('2026-12-03');
	});
});

describe('the parser and the error mapping read each recorded answer', () => {
	const errors = [
		'auth-invalid-key-401.json',
		'invalid-parameter-400.json',
		'cancel-not-pending-400.json',
	];
	it.each(errors)('%s → DashScope code, message, request_id, retry decision', (file) => {
		const f = fixture(file);
		const error = apiError(node, { status: f.httpStatus, body: read(file), itemIndex: 0 });
		expect(error.dashScopeCode).toBe(f.expect.code);
		expect(error.requestId).toBe(f.expect.requestId);
		expect(error.httpCode).toBe(String(f.httpStatus));
		expect(error.transient).toBe(f.expect.transient);
		if (f.expect.message) expect(error.message).toContain(f.expect.message as string);
		expect(error.message).toContain(`request_id ${f.expect.requestId}`);
	});

	it('cancel-succeeded.json: the body is only a request id', () => {
		const body = errorBody(read('cancel-succeeded.json'));
		expect(keys(body)).toEqual(['request_id']);
		expect(body.request_id).toBe(fixture('cancel-succeeded.json').expect.requestId);
	});

	it.each([
		'create-pending.json',
		'task-running.json',
		'task-unknown.json',
		'task-succeeded-end-time-seconds.json',
	])('%s → task id, status and times', (file) => {
		const f = fixture(file);
		const body = json(file) as TaskResponse;
		const fields = taskFields(body.output!);
		expect(fields.taskId).toBe(f.expect.taskId);
		expect(fields.taskStatus).toBe(f.expect.taskStatus);
		if (f.expect.submitTime) {
			expect(fields.submitTime).toBe(f.expect.submitTime);
			expect(taskTimeToMs(fields.submitTime)).toBe(f.expect.submitMs);
			// UTC+8 without a zone: submitted 13 s before the answer's Date header, not 8 h.
			const lead = (f.expect.answeredAtMs as number) - taskTimeToMs(fields.submitTime)!;
			expect(lead).toBeGreaterThan(0);
			expect(lead).toBeLessThan(60_000);
		}
		if (f.expect.endTime) {
			expect(fields.endTime).toBe(f.expect.endTime);
			expect(taskTimeToMs(fields.endTime)).toBe(f.expect.endMs);
		}
		if (f.expect.images !== undefined) {
			expect(parseGeneration(body, 'wan2.6-image').images).toHaveLength(f.expect.images as number);
		}
	});

	it('sync-multimodal-image.json → the image of an item without a type field', () => {
		const f = fixture('sync-multimodal-image.json');
		const result = parseGeneration(json('sync-multimodal-image.json'), 'wan2.6-image');
		expect(result.images).toHaveLength(f.expect.images as number);
		expect(result.images[0]).toMatch(/^https:\/\/dashscope-7c2c\.oss-cn-shanghai\.aliyuncs\.com\//);
		expect(result.requestId).toBe(f.expect.requestId);
		expect(result.mode).toBe('edit');
	});

	it('sse-multimodal-result.txt → every frame read, finished at "stop", cumulative usage kept', () => {
		const f = fixture('sse-multimodal-result.txt');
		const raw = read('sse-multimodal-result.txt');
		const stream = assembleSse([raw]);
		expect(stream.error).toBeUndefined();
		expect(stream.finished).toBe(f.expect.finished);
		expect(stream.frames).toBe(f.expect.frames);
		expect(stream.requestId).toBe(f.expect.requestId);
		expect(stream.usage?.output_tokens).toBe(f.expect.outputTokens);
		// Every text delta of the recording, in order, without loss.
		const deltas = [...raw.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) =>
			JSON.parse(`"${m[1]}"`),
		);
		expect(stream.text).toBe(deltas.join(''));
		// The same stream cut into 7-byte chunks reads the same.
		const bytes = Buffer.from(raw);
		const chunks = [];
		for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
		expect(assembleSse(chunks).text).toBe(stream.text);
	});

	it.each(['sse-error-http200.txt', 'sse-throttled-http200.txt'])(
		'%s → an error with the status from the comment, though HTTP said 200',
		(file) => {
			const f = fixture(file);
			const stream = assembleSse([read(file)]);
			expect(stream.finished).toBe(false);
			expect(stream.error?.code).toBe(f.expect.errorCode);
			expect(stream.error?.httpStatus).toBe(f.expect.errorHttpStatus);
			expect(stream.error?.requestId).toBe(f.expect.requestId);
			// What transport/stream.ts builds from it: the comment's status decides the retry.
			const error = apiError(node, {
				status: stream.error?.httpStatus,
				body: { request_id: stream.error?.requestId },
				code: stream.error?.code,
				message: stream.error?.message,
				itemIndex: 0,
			});
			expect(error.httpCode).toBe(String(f.expect.errorHttpStatus));
			expect(error.transient).toBe(f.expect.transient);
		},
	);
});

describe('the emulator answers the same situations in the same shape', () => {
	let emu: {
		apiUrl: string;
		close(): Promise<void>;
		configure(patch: object): void;
		fault(spec: object): void;
	};
	const KEY = 'sk-emulator-test';
	const headers = (extra: Record<string, string> = {}) => ({
		authorization: `Bearer ${KEY}`,
		'content-type': 'application/json',
		...extra,
	});
	const body = (model: string, text: string, parameters: object = {}) =>
		JSON.stringify({
			model,
			input: { messages: [{ role: 'user', content: [{ text }] }] },
			parameters,
		});
	const create = () =>
		fetch(`${emu.apiUrl}/services/aigc/image-generation/generation`, {
			method: 'POST',
			headers: headers({ 'x-dashscope-async': 'enable' }),
			body: body('wan2.6-t2i', 'a lighthouse', { n: 1 }),
		});

	beforeAll(async () => {
		emu = await startEmulator({
			taskTimings: { pendingMs: 0, runningMs: 300, syncMs: 0, sseFrameMs: 0 },
			limits: false,
		});
	});
	afterAll(() => emu.close());

	it('a wrong key: 401, same envelope, code and message', async () => {
		const res = await fetch(`${emu.apiUrl}/tasks/x`, {
			headers: { authorization: 'Bearer sk-no' },
		});
		const real = json('auth-invalid-key-401.json');
		const got = await body$(res);
		expect(res.status).toBe(401);
		expect(keys(got)).toEqual(keys(real));
		expect([got.code, got.message]).toEqual([real.code, real.message]);
	});

	it('a create: same keys in output and at the top', async () => {
		const got = await body$(await create());
		const real = json('create-pending.json');
		expect(keys(got)).toEqual(keys(real));
		expect(keys(got.output)).toEqual(keys(real.output));
		expect(got.output.task_status).toBe('PENDING');
	});

	it('a RUNNING task: the recorded fields (task_metrics aside: an older model) and time format', async () => {
		emu.configure({ taskTimings: { runningMs: 60_000 } });
		const { output } = await body$(await create());
		emu.configure({ taskTimings: { runningMs: 300 } });
		await new Promise((r) => setTimeout(r, 20));
		const got = await body$(
			await fetch(`${emu.apiUrl}/tasks/${output.task_id}`, { headers: headers() }),
		);
		const real = json('task-running.json');
		expect(got.output.task_status).toBe('RUNNING');
		expect(keys(got)).toEqual(keys(real));
		const realKeys = keys(real.output).filter((k) => k !== 'task_metrics');
		expect(keys(got.output)).toEqual(realKeys);
		for (const k of ['submit_time', 'scheduled_time']) {
			expect(real.output[k]).toMatch(TIME);
			expect(got.output[k]).toMatch(TIME);
		}
	});

	it('an unknown task: 200, the same body shape', async () => {
		const res = await fetch(`${emu.apiUrl}/tasks/1111`, { headers: headers() });
		const got = await body$(res);
		const real = json('task-unknown.json');
		expect(res.status).toBe(200);
		expect(keys(got)).toEqual(keys(real));
		expect(got.output).toEqual(real.output);
	});

	it('cancel of a finished task: 400, the recorded code and message; of a PENDING one: {request_id}', async () => {
		const { output } = await body$(await create());
		await new Promise((r) => setTimeout(r, 400));
		const res = await fetch(`${emu.apiUrl}/tasks/${output.task_id}/cancel`, {
			method: 'POST',
			headers: headers(),
		});
		const got = await body$(res);
		const real = json('cancel-not-pending-400.json');
		expect(res.status).toBe(fixture('cancel-not-pending-400.json').httpStatus);
		expect(keys(got)).toEqual(keys(real));
		expect([got.code, got.message]).toEqual([real.code, real.message]);

		emu.configure({ taskTimings: { pendingMs: 5000 } });
		const pending = (await body$(await create())).output.task_id;
		emu.configure({ taskTimings: { pendingMs: 0 } });
		const ok = await fetch(`${emu.apiUrl}/tasks/${pending}/cancel`, {
			method: 'POST',
			headers: headers(),
		});
		expect(ok.status).toBe(200);
		expect(keys(await body$(ok))).toEqual(keys(json('cancel-succeeded.json')));
	});

	it('an invalid request: 400 InvalidParameter in the same envelope', async () => {
		const res = await fetch(`${emu.apiUrl}/services/aigc/multimodal-generation/generation`, {
			method: 'POST',
			headers: headers(),
			body: body('wan2.6-t2i', 'a lighthouse', { n: 9 }),
		});
		const got = await body$(res);
		expect(res.status).toBe(400);
		expect(keys(got)).toEqual(keys(json('invalid-parameter-400.json')));
		expect(got.code).toBe('InvalidParameter');
	});

	it('a sync image: choices[].message.content[].image with finish_reason and role, as recorded', async () => {
		const res = await fetch(`${emu.apiUrl}/services/aigc/multimodal-generation/generation`, {
			method: 'POST',
			headers: headers(),
			body: body('wan2.6-t2i', 'a lighthouse', { n: 1 }),
		});
		const got = await body$(res);
		const real = json('sync-multimodal-image.json');
		const shape = (b: { output: { choices: Array<Record<string, any>> } }) => ({
			choice: keys(b.output.choices[0]),
			message: keys(b.output.choices[0].message),
			item: typeof b.output.choices[0].message.content[0].image,
		});
		expect(shape(got)).toEqual(shape(real));
		expect(keys(got)).toEqual(keys(real));
	});

	const frameShape = (raw: string) =>
		raw
			.trim()
			.split(/\n\n/)
			.map((frame) =>
				frame
					.split('\n')
					.map((line) => line.replace(/^(id:|event:|:HTTP_STATUS\/|data:).*$/, '$1')),
			);

	it('an SSE stream: the recorded frame layout, "null" then "stop", no [DONE]', async () => {
		const res = await fetch(`${emu.apiUrl}/services/aigc/multimodal-generation/generation`, {
			method: 'POST',
			headers: headers({ 'x-dashscope-sse': 'enable' }),
			body: JSON.stringify({
				model: 'wan2.6-image',
				input: { messages: [{ role: 'user', content: [{ text: 'a short story' }] }] },
				parameters: { enable_interleave: true, stream: true, max_images: 1 },
			}),
		});
		const got = await res.text();
		const real = read('sse-multimodal-result.txt');
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const layout = new Set(frameShape(real).map((f) => f.join('|')));
		for (const f of frameShape(got)) expect(layout).toContain(f.join('|'));
		for (const text of [real, got]) {
			expect(text).not.toContain('[DONE]');
			expect(assembleSse([text]).finishReason).toBe('stop');
		}
	});

	it.each([
		['http', 429],
		['inStream', 200],
	])(
		'an SSE error before any result (variant %s): HTTP %i, the recorded error-frame layout',
		async (variant, status) => {
			emu.configure({ variants: { sseErrorStatus: variant } });
			emu.fault({ on: 'sync', kind: 'sseError', afterFrames: 0 });
			const res = await fetch(`${emu.apiUrl}/services/aigc/multimodal-generation/generation`, {
				method: 'POST',
				headers: headers({ 'x-dashscope-sse': 'enable' }),
				body: JSON.stringify({
					model: 'wan2.6-image',
					input: { messages: [{ role: 'user', content: [{ text: 'a short story' }] }] },
					parameters: { enable_interleave: true, stream: true },
				}),
			});
			const got = await res.text();
			emu.configure({ variants: { sseErrorStatus: 'inStream' } });
			expect(res.status).toBe(status);
			expect(frameShape(got)).toEqual(frameShape(read('sse-error-http200.txt')));
			expect(got).toMatch(/^id:1\nevent:error\n:HTTP_STATUS\/429\n/);
			const stream = assembleSse([got]);
			expect(stream.error?.httpStatus).toBe(429);
		},
	);
});
