'use strict';
/* The emulator's Wan video endpoints, task output, MP4 results and temporary upload. 127.0.0.1 only. */
const { startEmulator } = require('./index');
const { encodeMp4, readMp4 } = require('./mp4');
const { encodePngSync } = require('./png');

const KEY = 'sk-emulator-test';
const VIDEO = '/api/v1/services/aigc/video-generation/video-synthesis';
const KF2V = '/api/v1/services/aigc/image2video/video-synthesis';
const IMG = 'https://example.com/a.png';
const MP3 = 'https://example.com/a.mp3';
const MP4 = 'https://example.com/a.mp4';

let emu;

/** fetch against the emulator: `{status, headers, json, bytes}`. */
async function call(path, { method = 'POST', body, headers = {}, auth = true, form } = {}) {
	const h = { ...headers };
	if (auth) h.authorization = `Bearer ${KEY}`;
	let payload;
	if (form) payload = form;
	else if (body !== undefined) {
		h['content-type'] = 'application/json';
		payload = JSON.stringify(body);
	}
	const res = await fetch(path.startsWith('http') ? path : emu.url + path, {
		method,
		headers: h,
		body: payload,
	});
	const bytes = Buffer.from(await res.arrayBuffer());
	let json;
	try {
		json = JSON.parse(bytes.toString('utf8'));
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, json, bytes };
}
const create = (body, headers = {}, path = VIDEO) =>
	call(path, { body, headers: { 'x-dashscope-async': 'enable', ...headers } });
const poll = (id) => call(`/api/v1/tasks/${id}`, { method: 'GET' });

beforeAll(async () => {
	emu = await startEmulator({ taskTimings: { pendingMs: 0, runningMs: 0 }, limits: false });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

describe('create, lifecycle and output', () => {
	test('wan2.7-i2v: PENDING, then SUCCEEDED with video_url, prompts and usage', async () => {
		const r = await create({
			model: 'wan2.7-i2v',
			input: {
				prompt: 'She sings',
				media: [
					{ type: 'first_frame', url: IMG },
					{ type: 'driving_audio', url: MP3 },
				],
			},
			parameters: { resolution: '720P', duration: 15 },
		});
		expect(r.status).toBe(200);
		expect(r.json.output.task_status).toBe('PENDING');
		const task = await poll(r.json.output.task_id);
		expect(task.json.output).toMatchObject({
			task_status: 'SUCCEEDED',
			orig_prompt: 'She sings',
			video_url: expect.stringMatching(/\/results\/[\w-]+\.mp4\?Expires=/),
		});
		expect(typeof task.json.output.actual_prompt).toBe('string');
		expect(task.json.usage).toEqual({
			duration: 15,
			input_video_duration: 0,
			output_video_duration: 15,
			video_count: 1,
			SR: 720,
			ratio: '16:9',
		});
		expect(task.json.output.choices).toBeUndefined();
	});

	test('the result is a whole MP4 of the task’s length and size, no key needed', async () => {
		const r = await create({
			model: 'wan2.6-t2v',
			input: { prompt: 'A fox' },
			parameters: { size: '720*1280', duration: 7 },
		});
		const { output } = (await poll(r.json.output.task_id)).json;
		const file = await fetch(output.video_url);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await file.arrayBuffer());
		const mp4 = readMp4(bytes);
		expect(mp4.whole).toBe(true);
		expect(mp4.boxes.map(([type]) => type)).toEqual(['ftyp', 'moov', 'mdat']);
		expect(mp4.seconds).toBe(7);
		expect(bytes.readUInt32BE(bytes.indexOf('tkhd', 0, 'latin1') + 80) / 65536).toBe(720);
	});

	test('videoBytes pads the MP4 to the size asked', async () => {
		emu.configure({ videoBytes: 300000 });
		try {
			const r = await create({ model: 'wan2.6-t2v', input: { prompt: 'big' } });
			const { output } = (await poll(r.json.output.task_id)).json;
			const bytes = Buffer.from(await (await fetch(output.video_url)).arrayBuffer());
			expect(bytes.length).toBe(300000);
			expect(readMp4(bytes).whole).toBe(true);
		} finally {
			emu.configure({ videoBytes: 0 });
		}
	});

	test('a PENDING video task can be cancelled; a finished one cannot', async () => {
		emu.configure({ taskTimings: { pendingMs: 5000 } });
		try {
			const r = await create({ model: 'wan2.7-t2v', input: { prompt: 'slow' } });
			const id = r.json.output.task_id;
			expect((await call(`/api/v1/tasks/${id}/cancel`)).status).toBe(200);
			expect((await poll(id)).json.output.task_status).toBe('CANCELED');
		} finally {
			emu.configure({ taskTimings: { pendingMs: 0 } });
		}
		const done = await create({ model: 'wan2.7-t2v', input: { prompt: 'fast' } });
		await poll(done.json.output.task_id);
		expect((await call(`/api/v1/tasks/${done.json.output.task_id}/cancel`)).status).toBe(400);
	});

	test('kf2v on the image2video path: 5 s, older usage fields; the other path refuses it', async () => {
		const body = {
			model: 'wan2.2-kf2v-flash',
			input: { first_frame_url: IMG, last_frame_url: IMG },
			parameters: { resolution: '480P' },
		};
		const r = await create(body, {}, KF2V);
		expect(r.status).toBe(200);
		const task = await poll(r.json.output.task_id);
		expect(task.json.usage).toMatchObject({ video_duration: 5, video_count: 1, SR: 480 });
		expect((await create(body)).status).toBe(400);
	});

	test('a fault makes the video task FAIL with the code inside output', async () => {
		emu.fault({ on: 'create', kind: 'fail', code: 'DataInspectionFailed' });
		const r = await create({ model: 'wan2.6-t2v', input: { prompt: 'x' } });
		const task = await poll(r.json.output.task_id);
		expect(task.json.output).toMatchObject({ task_status: 'FAILED', code: 'DataInspectionFailed' });
		expect(task.json.output.video_url).toBeUndefined();
	});

	test('result faults apply to MP4s too: expired link, HTML page, cut body', async () => {
		const r = await create({ model: 'wan2.6-t2v', input: { prompt: 'x' } });
		const { output } = (await poll(r.json.output.task_id)).json;
		emu.fault({ on: 'result', kind: 'expire' });
		expect((await fetch(output.video_url)).status).toBe(403);
		emu.fault({ on: 'result', kind: 'html' });
		expect((await fetch(output.video_url)).headers.get('content-type')).toMatch(/text\/html/);
		emu.fault({ on: 'result', kind: 'malformed' });
		const half = Buffer.from(await (await fetch(output.video_url)).arrayBuffer());
		expect(readMp4(half).whole).toBe(false);
	});

	test('video tasks share the account’s running-task limit with image tasks', async () => {
		emu.configure({ limits: { runningTasks: 1 }, taskTimings: { pendingMs: 5000 } });
		try {
			expect((await create({ model: 'wan2.6-t2v', input: { prompt: 'a' } })).status).toBe(200);
			const second = await create({ model: 'wan2.7-t2v', input: { prompt: 'b' } });
			expect(second.status).toBe(429);
			expect(second.json.code).toBe('Throttling.RateQuota');
		} finally {
			emu.configure({ limits: false, taskTimings: { pendingMs: 0 } });
		}
	});
});

describe('validation per model (400 InvalidParameter unless said)', () => {
	const cases = [
		[
			'wan2.6-t2v duration 16',
			{ model: 'wan2.6-t2v', input: { prompt: 'x' }, parameters: { duration: 16 } },
		],
		[
			'wan2.6-t2v duration 1',
			{ model: 'wan2.6-t2v', input: { prompt: 'x' }, parameters: { duration: 1 } },
		],
		[
			'wan2.6-t2v size 1280x720',
			{ model: 'wan2.6-t2v', input: { prompt: 'x' }, parameters: { size: '1280x720' } },
		],
		[
			'wan2.6-t2v resolution',
			{ model: 'wan2.6-t2v', input: { prompt: 'x' }, parameters: { resolution: '720P' } },
		],
		['wan2.6-i2v without img_url', { model: 'wan2.6-i2v', input: { prompt: 'x' } }],
		[
			'wan2.6-i2v audio switch (flash only)',
			{ model: 'wan2.6-i2v', input: { prompt: 'x', img_url: IMG }, parameters: { audio: false } },
		],
		[
			'wan2.6-r2v duration 11',
			{
				model: 'wan2.6-r2v',
				input: { prompt: 'x', reference_urls: [IMG] },
				parameters: { duration: 11 },
			},
		],
		[
			'wan2.6-r2v 6 references',
			{ model: 'wan2.6-r2v', input: { prompt: 'x', reference_urls: Array(6).fill(IMG) } },
		],
		[
			'wan2.6-r2v 4 videos',
			{ model: 'wan2.6-r2v', input: { prompt: 'x', reference_urls: Array(4).fill(MP4) } },
		],
		[
			'wan2.7-t2v shot_type',
			{ model: 'wan2.7-t2v', input: { prompt: 'x' }, parameters: { shot_type: 'multi' } },
		],
		[
			'wan2.7-t2v ratio 21:9',
			{ model: 'wan2.7-t2v', input: { prompt: 'x' }, parameters: { ratio: '21:9' } },
		],
		['wan2.7-t2v img_url', { model: 'wan2.7-t2v', input: { prompt: 'x', img_url: IMG } }],
		[
			'wan2.7-i2v img_url (old protocol)',
			{ model: 'wan2.7-i2v', input: { prompt: 'x', img_url: IMG } },
		],
		[
			'wan2.7-i2v clip + audio',
			{
				model: 'wan2.7-i2v',
				input: {
					prompt: 'x',
					media: [
						{ type: 'first_clip', url: MP4 },
						{ type: 'driving_audio', url: MP3 },
					],
				},
			},
		],
		[
			'wan2.7-i2v two first frames',
			{
				model: 'wan2.7-i2v',
				input: {
					prompt: 'x',
					media: [
						{ type: 'first_frame', url: IMG },
						{ type: 'first_frame', url: IMG },
					],
				},
			},
		],
		[
			'wan2.7-r2v 11 s with a video',
			{
				model: 'wan2.7-r2v',
				input: { prompt: 'x', media: [{ type: 'reference_video', url: MP4 }] },
				parameters: { duration: 11 },
			},
		],
		[
			'wan2.7-r2v 6 references',
			{
				model: 'wan2.7-r2v',
				input: { prompt: 'x', media: Array(6).fill({ type: 'reference_image', url: IMG }) },
			},
		],
		[
			'wan2.7-videoedit 5 images',
			{
				model: 'wan2.7-videoedit',
				input: {
					prompt: 'x',
					media: [
						{ type: 'video', url: MP4 },
						...Array(5).fill({ type: 'reference_image', url: IMG }),
					],
				},
			},
		],
		[
			'wan2.7-videoedit duration 1',
			{
				model: 'wan2.7-videoedit',
				input: { prompt: 'x', media: [{ type: 'video', url: MP4 }] },
				parameters: { duration: 1 },
			},
		],
		[
			'seed 2147483648',
			{ model: 'wan2.7-t2v', input: { prompt: 'x' }, parameters: { seed: 2147483648 } },
		],
	];
	test.each(cases)('%s is refused', async (_, body) => {
		const r = await create(body, {}, body.model.includes('kf2v') ? KF2V : VIDEO);
		expect(r.status).toBe(400);
		expect(r.json).toMatchObject({ code: 'InvalidParameter', request_id: expect.any(String) });
		expect(emu.stats().tasksCreated).toBe(0);
	});

	const edges = [
		[
			'wan2.6-t2v 2 s and 15 s',
			{ model: 'wan2.6-t2v', input: { prompt: 'x' }, parameters: { duration: 2 } },
		],
		[
			'wan2.6-t2v 15 s',
			{
				model: 'wan2.6-t2v',
				input: { prompt: 'x' },
				parameters: { duration: 15, size: '1248*1632' },
			},
		],
		[
			'wan2.6-r2v 10 s, 5 references with 3 videos',
			{
				model: 'wan2.6-r2v',
				input: { prompt: 'x', reference_urls: [IMG, IMG, MP4, MP4, MP4] },
				parameters: { duration: 10 },
			},
		],
		[
			'wan2.7-r2v 15 s with images only',
			{
				model: 'wan2.7-r2v',
				input: { prompt: 'x', media: [{ type: 'reference_image', url: IMG }] },
				parameters: { duration: 15 },
			},
		],
		[
			'wan2.7-videoedit duration 0 and 4 images',
			{
				model: 'wan2.7-videoedit',
				input: {
					prompt: 'x',
					media: [
						{ type: 'video', url: MP4 },
						...Array(4).fill({ type: 'reference_image', url: IMG }),
					],
				},
				parameters: { duration: 0, audio_setting: 'origin' },
			},
		],
		[
			'wan2.7-i2v clip + last frame',
			{
				model: 'wan2.7-i2v',
				input: {
					media: [
						{ type: 'first_clip', url: MP4 },
						{ type: 'last_frame', url: IMG },
					],
				},
			},
		],
	];
	test.each(edges)('%s is accepted', async (_, body) => {
		expect((await create(body)).status).toBe(200);
	});

	test('unknown model 404, missing async header 403', async () => {
		expect((await create({ model: 'wan9-t2v', input: { prompt: 'x' } })).json.code).toBe(
			'ModelNotFound',
		);
		const sync = await call(VIDEO, { body: { model: 'wan2.6-t2v', input: { prompt: 'x' } } });
		expect(sync.status).toBe(403);
	});

	test('a first frame outside 360–2000 px (as Base64) makes the task FAIL, not the create', async () => {
		const small = `data:image/png;base64,${encodePngSync(359, 400, [1, 2, 3]).toString('base64')}`;
		const r = await create({ model: 'wan2.6-i2v', input: { prompt: 'x', img_url: small } });
		expect(r.status).toBe(200);
		expect((await poll(r.json.output.task_id)).json.output.task_status).toBe('FAILED');
	});
});

describe('temporary upload', () => {
	async function getPolicy(model) {
		return call(`/api/v1/uploads?action=getPolicy&model=${encodeURIComponent(model)}`, {
			method: 'GET',
		});
	}
	function form(data, bytes, name = 'clip.mp4', type = 'video/mp4') {
		const f = new FormData();
		f.set('OSSAccessKeyId', data.oss_access_key_id);
		f.set('Signature', data.signature);
		f.set('policy', data.policy);
		f.set('key', `${data.upload_dir}/${name}`);
		f.set('x-oss-object-acl', data.x_oss_object_acl);
		f.set('x-oss-forbid-overwrite', data.x_oss_forbid_overwrite);
		f.set('success_action_status', '200');
		f.set('x-oss-content-type', type);
		f.set('file', new Blob([bytes], { type }), name);
		return f;
	}
	async function upload(model, bytes, name, type) {
		const policy = (await getPolicy(model)).json.data;
		const r = await call(policy.upload_host, {
			auth: false,
			form: form(policy, bytes, name, type),
		});
		expect(r.status).toBe(200);
		return `oss://${policy.upload_dir}/${name}`;
	}

	test('getPolicy answers the form fields; it needs the key', async () => {
		const r = await getPolicy('wan2.7-i2v');
		expect(r.status).toBe(200);
		expect(Object.keys(r.json.data)).toEqual(
			expect.arrayContaining([
				'policy',
				'signature',
				'upload_dir',
				'upload_host',
				'oss_access_key_id',
				'x_oss_object_acl',
				'x_oss_forbid_overwrite',
			]),
		);
		expect(
			(
				await call('/api/v1/uploads?action=getPolicy&model=wan2.7-i2v', {
					method: 'GET',
					auth: false,
				})
			).status,
		).toBe(401);
	});

	test('an uploaded clip is resolved only with the header, and only for its model', async () => {
		const url = await upload('wan2.7-i2v', encodeMp4({ seconds: 3 }), 'clip.mp4');
		const body = {
			model: 'wan2.7-i2v',
			input: { prompt: 'x', media: [{ type: 'first_clip', url }] },
		};
		const without = await create(body);
		expect(without.status).toBe(400);
		expect(without.json.code).toBe('InvalidURL');
		const ok = await create(body, { 'x-dashscope-ossresourceresolve': 'enable' });
		expect(ok.status).toBe(200);
		expect((await poll(ok.json.output.task_id)).json.output.task_status).toBe('SUCCEEDED');
		// Bound to the model named at upload: another model cannot use it (the task fails).
		const other = await create(
			{ model: 'wan2.7-videoedit', input: { prompt: 'x', media: [{ type: 'video', url }] } },
			{ 'x-dashscope-ossresourceresolve': 'enable' },
		);
		expect((await poll(other.json.output.task_id)).json.output).toMatchObject({
			task_status: 'FAILED',
			code: 'InvalidParameter.FileDownload',
		});
	});

	test('the uploaded bytes are checked: a 12 s clip fails the task (first clips are 2–10 s)', async () => {
		const url = await upload('wan2.7-i2v', encodeMp4({ seconds: 12 }), 'long.mp4');
		const r = await create(
			{ model: 'wan2.7-i2v', input: { prompt: 'x', media: [{ type: 'first_clip', url }] } },
			{ 'x-dashscope-ossresourceresolve': 'enable' },
		);
		expect((await poll(r.json.output.task_id)).json.output.task_status).toBe('FAILED');
	});

	test('the form upload refuses a bad signature, a key outside the directory and an overwrite', async () => {
		const policy = (await getPolicy('wan2.6-i2v')).json.data;
		const png = encodePngSync(400, 400, [9, 9, 9]);
		expect(
			(
				await call(policy.upload_host, {
					auth: false,
					form: form({ ...policy, signature: 'x' }, png, 'a.png', 'image/png'),
				})
			).status,
		).toBe(403);
		expect(
			(
				await call(policy.upload_host, {
					auth: false,
					form: form({ ...policy, upload_dir: 'elsewhere' }, png, 'a.png', 'image/png'),
				})
			).status,
		).toBe(403);
		expect(
			(
				await call(policy.upload_host, {
					auth: false,
					form: form(policy, png, 'a.png', 'image/png'),
				})
			).status,
		).toBe(200);
		expect(
			(
				await call(policy.upload_host, {
					auth: false,
					form: form(policy, png, 'a.png', 'image/png'),
				})
			).status,
		).toBe(409);
		expect(emu.uploads.size).toBe(1);
	});

	test('faults on each step: getPolicy 429, the OSS upload 503 and reset', async () => {
		emu.fault({ on: 'upload', kind: 'status', status: 429 });
		const limited = await getPolicy('wan2.7-i2v');
		expect(limited.status).toBe(429);
		expect(limited.json.code).toBe('Throttling.RateQuota');
		const policy = (await getPolicy('wan2.7-i2v')).json.data;
		emu.fault({ on: 'oss', kind: 'status', status: 503 });
		const failed = await call(policy.upload_host, {
			auth: false,
			form: form(policy, encodeMp4(), 'a.mp4'),
		});
		expect(failed.status).toBe(503);
		expect(failed.bytes.toString()).toMatch(/<Error>/);
		emu.fault({ on: 'oss', kind: 'reset' });
		await expect(
			call(policy.upload_host, { auth: false, form: form(policy, encodeMp4(), 'b.mp4') }),
		).rejects.toThrow();
		expect(emu.uploads.size).toBe(0);
	});
});

describe('temporary upload for the image models', () => {
	afterEach(() => emu.configure({ resolveImageUploads: false }));

	test('with resolveImageUploads, an oss:// reference image must have been uploaded for that model', async () => {
		emu.configure({ resolveImageUploads: true });
		const policy = (
			await call('/api/v1/uploads?action=getPolicy&model=wan2.7-image', { method: 'GET' })
		).json.data;
		const f = new FormData();
		for (const [k, v] of Object.entries({
			OSSAccessKeyId: policy.oss_access_key_id,
			Signature: policy.signature,
			policy: policy.policy,
			key: `${policy.upload_dir}/ref.png`,
			'x-oss-object-acl': policy.x_oss_object_acl,
			'x-oss-forbid-overwrite': policy.x_oss_forbid_overwrite,
			success_action_status: '200',
			'x-oss-content-type': 'image/png',
		}))
			f.set(k, v);
		f.set('file', new Blob([encodePngSync(300, 300, [1, 1, 1])], { type: 'image/png' }), 'ref.png');
		expect((await call(policy.upload_host, { auth: false, form: f })).status).toBe(200);
		const body = (model, url) => ({
			model,
			input: { messages: [{ role: 'user', content: [{ text: 'edit' }, { image: url }] }] },
			parameters: { n: 1 },
		});
		const headers = { 'x-dashscope-ossresourceresolve': 'enable' };
		const ok = await call('/api/v1/services/aigc/image-generation/generation', {
			body: body('wan2.7-image', `oss://${policy.upload_dir}/ref.png`),
			headers: { 'x-dashscope-async': 'enable', ...headers },
		});
		expect((await poll(ok.json.output.task_id)).json.output.task_status).toBe('SUCCEEDED');
		const missing = await call('/api/v1/services/aigc/image-generation/generation', {
			body: body('wan2.7-image', `oss://${policy.upload_dir}/other.png`),
			headers: { 'x-dashscope-async': 'enable', ...headers },
		});
		expect((await poll(missing.json.output.task_id)).json.output).toMatchObject({
			task_status: 'FAILED',
			code: 'InvalidParameter.FileDownload',
		});
	});
});
