'use strict';
/* The emulator's wan2.7-image(-pro) and wan2.6-t2i rules (models.js): edges accepted, one past refused. */
const { startEmulator, encodePngSync } = require('./index');

const KEY = 'sk-emulator-test';
const SYNC = '/services/aigc/multimodal-generation/generation';
const ASYNC = '/services/aigc/image-generation/generation';
const IMG = 'https://example.com/a.png';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let emu;
beforeAll(async () => {
	emu = await startEmulator({
		taskTimings: { pendingMs: 0, runningMs: 0, syncMs: 0 },
		limits: false,
	});
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.reset();
	emu.configure({ limits: false, region: 'cn-beijing' });
});

async function post(path, body, headers = {}) {
	const res = await fetch(emu.apiUrl + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
		body: JSON.stringify(body),
	});
	return { status: res.status, json: await res.json() };
}
const body = (model, { images = [], prompt = 'a lighthouse at dawn' } = {}, parameters = {}) => ({
	model,
	input: {
		messages: [
			{ role: 'user', content: [{ text: prompt }, ...images.map((image) => ({ image }))] },
		],
	},
	parameters,
});
const sync = (...args) => post(SYNC, body(...args));
const pngUri = (width, height) =>
	`data:image/png;base64,${encodePngSync(width, height, [1, 2, 3]).toString('base64')}`;

describe('wan2.7-image and wan2.7-image-pro', () => {
	test.each([
		['no images (text-to-image)', 'wan2.7-image', {}, { n: 1 }, 1],
		['9 images', 'wan2.7-image', { images: Array(9).fill(IMG) }, { n: 1 }, 1],
		['n 4', 'wan2.7-image', {}, { n: 4 }, 4],
		['no n: 4 images [I]', 'wan2.7-image', {}, {}, 4],
		['image set of 12', 'wan2.7-image', {}, { enable_sequential: true, n: 12 }, 12],
		[
			'image set of 8 from 2 images',
			'wan2.7-image',
			{ images: [IMG, IMG] },
			{ enable_sequential: true, n: 8, size: '1K' },
			8,
		],
		[
			'pro 4K text-to-image with thinking mode',
			'wan2.7-image-pro',
			{},
			{ size: '4K', n: 1, thinking_mode: true },
			1,
		],
		['pro 4096*4096 text-to-image', 'wan2.7-image-pro', {}, { size: '4096*4096', n: 1 }, 1],
		['W*H 4096*512 (8:1)', 'wan2.7-image', {}, { size: '4096*512', n: 1 }, 1],
		[
			'boxes and palette',
			'wan2.7-image',
			{ images: [IMG, IMG] },
			{
				n: 1,
				bbox_list: [
					[
						[0, 0, 10, 10],
						[5, 5, 9, 9],
					],
					[],
				],
				color_palette: [
					{ hex: '#112233', ratio: '50.00%' },
					{ hex: '#445566', ratio: '25.00%' },
					{ hex: '#778899', ratio: '25.00%' },
				],
			},
			1,
		],
		['a 240*1920 PNG (1:8)', 'wan2.7-image', { images: [pngUri(240, 1920)] }, { n: 1 }, 1],
	])('%s is accepted', async (_title, model, input, parameters, images) => {
		const r = await sync(model, input, parameters);
		expect(r.status).toBe(200);
		expect(r.json.output.choices).toHaveLength(images);
		expect(r.json.usage.image_count).toBe(images);
	});

	test('4K is 4096² and the default size is 2K [I]', async () => {
		expect((await sync('wan2.7-image-pro', {}, { size: '4K', n: 1 })).json.usage.size).toBe(
			'4096*4096',
		);
		expect((await sync('wan2.7-image', {}, { n: 1 })).json.usage.size).toBe('2048*2048');
	});

	test.each([
		[
			'10 images',
			'wan2.7-image',
			{ images: Array(10).fill(IMG) },
			{ n: 1 },
			'accepts 0 to 9 input images, got 10',
		],
		['n 5', 'wan2.7-image', {}, { n: 5 }, 'parameters.n must be in [1, 4]'],
		[
			'image set of 13',
			'wan2.7-image',
			{},
			{ enable_sequential: true, n: 13 },
			'must be in [1, 12] when enable_sequential=true',
		],
		[
			'4K on wan2.7-image',
			'wan2.7-image',
			{},
			{ size: '4K' },
			'not supported by model wan2.7-image',
		],
		[
			'pro 4K with an image',
			'wan2.7-image-pro',
			{ images: [IMG] },
			{ size: '4K' },
			'only supported for text-to-image',
		],
		[
			'pro 4K image set',
			'wan2.7-image-pro',
			{},
			{ size: '4K', enable_sequential: true },
			'only supported for text-to-image',
		],
		['pro 4096*4097', 'wan2.7-image-pro', {}, { size: '4096*4097' }, 'total pixels must be in'],
		[
			'2048*2049 with an image',
			'wan2.7-image-pro',
			{ images: [IMG] },
			{ size: '2048*2049' },
			'total pixels must be in',
		],
		['W*H past 8:1', 'wan2.7-image', {}, { size: '4104*512' }, 'aspect ratio out of range'],
		[
			'negative_prompt [I]',
			'wan2.7-image',
			{},
			{ negative_prompt: 'x' },
			'parameters.negative_prompt is not supported',
		],
		[
			'prompt_extend [I]',
			'wan2.7-image',
			{},
			{ prompt_extend: true },
			'parameters.prompt_extend is not supported',
		],
		[
			'enable_interleave [I]',
			'wan2.7-image',
			{},
			{ enable_interleave: false },
			'parameters.enable_interleave is not supported',
		],
		['stream [I]', 'wan2.7-image', {}, { stream: true }, 'parameters.stream is not supported'],
		[
			'3 boxes on one image',
			'wan2.7-image',
			{ images: [IMG] },
			{
				bbox_list: [
					[
						[0, 0, 1, 1],
						[0, 0, 1, 1],
						[0, 0, 1, 1],
					],
				],
			},
			'at most 2 boxes',
		],
		[
			'boxes for 1 of 2 images',
			'wan2.7-image',
			{ images: [IMG, IMG] },
			{ bbox_list: [[[0, 0, 1, 1]]] },
			'one entry per input image (2), got 1',
		],
		[
			'palette of 2',
			'wan2.7-image',
			{},
			{
				color_palette: [
					{ hex: '#112233', ratio: '50%' },
					{ hex: '#445566', ratio: '50%' },
				],
			},
			'3 to 10 colours',
		],
		[
			'palette at 90%',
			'wan2.7-image',
			{},
			{
				color_palette: [
					{ hex: '#112233', ratio: '30%' },
					{ hex: '#445566', ratio: '30%' },
					{ hex: '#778899', ratio: '30%' },
				],
			},
			'add up to 100%',
		],
		[
			'palette in an image set [I]',
			'wan2.7-image',
			{},
			{ enable_sequential: true, color_palette: [] },
			'not supported with enable_sequential',
		],
	])(
		'%s is refused with 400 InvalidParameter',
		async (_title, model, input, parameters, message) => {
			const r = await sync(model, input, parameters);
			expect(r.status).toBe(400);
			expect(r.json.code).toBe('InvalidParameter');
			expect(r.json.message).toContain(message);
			expect(emu.stats().syncCalls).toBe(0);
		},
	);

	test('the SSE header is refused: wan2.7 answers plain JSON only [I]', async () => {
		const r = await post(SYNC, body('wan2.7-image', {}, { n: 1 }), { 'x-dashscope-sse': 'enable' });
		expect(r.status).toBe(400);
		expect(r.json.message).toContain('does not support streaming');
	});

	test('an image past 1:8 is a content problem: the async task fails', async () => {
		const created = await post(
			ASYNC,
			body('wan2.7-image', { images: [pngUri(240, 1940)] }, { n: 1 }),
			{ 'x-dashscope-async': 'enable' },
		);
		expect(created.status).toBe(200);
		const task = emu.tasks.get(created.json.output.task_id);
		expect(task.failure).toMatchObject({
			code: 'InvalidParameter',
			message: expect.stringContaining('aspect ratio'),
		});
	});

	test('an image set task returns every image, one choice each', async () => {
		const created = await post(ASYNC, body('wan2.7-image', {}, { enable_sequential: true, n: 8 }), {
			'x-dashscope-async': 'enable',
		});
		await sleep(5);
		const res = await fetch(`${emu.apiUrl}/tasks/${created.json.output.task_id}`, {
			headers: { authorization: `Bearer ${KEY}` },
		});
		const json = await res.json();
		expect(json.output.task_status).toBe('SUCCEEDED');
		expect(json.output.choices).toHaveLength(8);
		expect(emu.tasks.get(created.json.output.task_id)).toMatchObject({
			model: 'wan2.7-image',
			mode: 'sequential',
			n: 8,
		});
	});
});

describe('wan2.6-t2i', () => {
	test.each([
		['1280*1280', { size: '1280*1280', n: 1 }, '1280*1280'],
		['1440*1440', { size: '1440*1440', n: 4 }, '1440*1440'],
		['960*1696 (listed)', { size: '960*1696', n: 1 }, '960*1696'],
		['no size: 1280*1280', { n: 1 }, '1280*1280'],
		[
			'its parameters',
			{ n: 1, negative_prompt: 'x'.repeat(500), prompt_extend: false, watermark: true, seed: 1 },
			'1280*1280',
		],
	])('%s is accepted', async (_title, parameters, size) => {
		const r = await sync('wan2.6-t2i', {}, parameters);
		expect(r.status).toBe(200);
		expect(r.json.usage.size).toBe(size);
	});

	test.each([
		['an image', { images: [IMG] }, { n: 1 }, 'accepts 0 to 0 input images, got 1'],
		['n 5', {}, { n: 5 }, 'parameters.n must be in [1, 4]'],
		['1440*1441', {}, { size: '1440*1441' }, 'total pixels must be in'],
		['1103*1472', {}, { size: '1103*1472' }, 'total pixels must be in'],
		['1K', {}, { size: '1K' }, 'not supported by model wan2.6-t2i'],
		['enable_interleave [I]', {}, { enable_interleave: true }, 'not supported'],
		['thinking_mode [I]', {}, { thinking_mode: true }, 'not supported'],
	])('%s is refused', async (_title, input, parameters, message) => {
		const r = await sync('wan2.6-t2i', input, parameters);
		expect(r.status).toBe(400);
		expect(r.json.message).toContain(message);
	});

	test('prompt over 2100 characters is cut, as documented', async () => {
		const r = await post(ASYNC, body('wan2.6-t2i', { prompt: 'a'.repeat(2101) }, { n: 1 }), {
			'x-dashscope-async': 'enable',
		});
		expect(emu.tasks.get(r.json.output.task_id)).toMatchObject({
			promptTruncated: true,
			prompt: 'a'.repeat(2100),
		});
	});

	test('1 submission per second in Beijing, 5 elsewhere; the account limit for other models', async () => {
		emu.configure({
			limits: { submitPerSecond: 5, runningTasks: 0, queriesPerSecond: 0 },
			region: 'cn-beijing',
		});
		expect((await sync('wan2.6-t2i', {}, { n: 1 })).status).toBe(200);
		const second = await sync('wan2.6-t2i', {}, { n: 1 });
		expect(second.status).toBe(429);
		expect(second.json.code).toBe('Throttling.RateQuota');
		expect((await sync('wan2.7-image', {}, { n: 1 })).status).toBe(200);
		expect(emu.stats().throttledBy.submitRate).toBe(1);

		emu.reset();
		emu.configure({ region: 'ap-southeast-1' });
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await sync('wan2.6-t2i', {}, { n: 1 })).status);
		expect(statuses).toEqual([200, 200, 200, 200, 200]);
	});
});
