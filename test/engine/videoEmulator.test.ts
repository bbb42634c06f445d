/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * Resource Video against the DashScope emulator on 127.0.0.1 (its video endpoints, each model's
 * rules written from the docs, the temporary upload and a real MP4 at the result URL): a binary
 * first frame reaches DashScope as oss:// with the resolve header, text-to-video and first and
 * last frame run through to an MP4 binary, Get Task returns the same output, faults on the upload
 * and the download keep what was paid for.
 */
import { EMULATOR_KEY, useEmulator } from './net';
import { runWanx } from './harness';
import { binaryEntry, png } from './images';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readMp4 } = require('../emulator');

const emu = useEmulator({
	taskTimings: { pendingMs: 0, runningMs: 40, syncMs: 0 },
	limits: false,
	randomSeed: 3,
	// Result images at their real size: a first frame must have 240 px a side or more.
	imageScale: 1,
});
const credentials = () => ({ apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emu.url });
const requestsOf = (kind: string) => emu.requests.filter((r: any) => r.kind === kind);

const run = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	runWanx({
		parameters: {
			resource: 'video',
			operation: 'generateAsync',
			prompt: 'the cat turns its head and yawns',
			...parameters,
			options: { pollInterval: 0.02, ...(parameters.options as object) },
		},
		credentials: credentials(),
		typeVersion: 2,
		...extra,
	});

const frame = png(480, 320, [20, 120, 220]);
const binaryFrame = {
	media: { items: [{ role: 'first_frame', source: 'binary', binaryPropertyName: 'data' }] },
};
const withFrame = [{ json: {}, binary: { data: binaryEntry(frame, 'image/png', 'frame.png') } }];

beforeEach(() => emu.reset());

test('image to video: the binary first frame is uploaded, sent as oss:// with the header, MP4 out', async () => {
	const result = await run({ model: 'wan2.7-i2v', ...binaryFrame }, { items: withFrame });
	expect(result.error?.message).toBeUndefined();
	expect(requestsOf('upload')).toHaveLength(1);
	expect(requestsOf('upload')[0].query).toEqual({ action: 'getPolicy', model: 'wan2.7-i2v' });
	const [create] = emu.requests.filter(
		(r: any) => r.method === 'POST' && /video-synthesis/.test(r.path),
	);
	expect(create.headers['x-dashscope-ossresourceresolve']).toBe('enable');
	expect(create.body.input.media).toEqual([
		{
			type: 'first_frame',
			url: expect.stringMatching(/^oss:\/\/.+\/wanx-item0-first-frame\.png$/),
		},
	]);
	expect(create.body.parameters).toEqual({ resolution: '720P' });

	const [item] = result.items;
	expect(item.json).toMatchObject({
		model: 'wan2.7-i2v',
		mode: 'firstFrame',
		videoUrl: expect.stringMatching(/\/results\/.+\.mp4\?Expires=/),
		duration: 5,
		billedSeconds: 5,
		taskStatus: 'SUCCEEDED',
	});
	const bytes = Buffer.from(item.binary!.data.data, 'base64');
	expect(item.binary!.data).toMatchObject({
		mimeType: 'video/mp4',
		fileName: `wanx-${item.json.taskId}.mp4`,
	});
	expect(readMp4(bytes).seconds).toBe(5);
});

test('text to video (wan2.6-t2v, fresh): the 720P tier, 5 s billed, the MP4 as binary', async () => {
	const result = await run({ model: 'wan2.6-t2v' });
	expect(result.error?.message).toBeUndefined();
	const [create] = emu.requests.filter((r: any) => r.method === 'POST');
	expect(create.body).toEqual({
		model: 'wan2.6-t2v',
		input: { prompt: 'the cat turns its head and yawns' },
		parameters: { size: '1280*720' },
	});
	expect(result.items[0].json).toMatchObject({ billedSeconds: 5, resolution: '720P' });
	expect(readMp4(Buffer.from(result.items[0].binary!.data.data, 'base64')).seconds).toBe(5);
});

test('first and last frame (kf2v) on its own path; Submit Task then Get Task gives the same output', async () => {
	const frames = {
		model: 'wan2.2-kf2v-flash',
		media: {
			items: [
				{ role: 'first_frame', source: 'url', url: 'https://input.test/a.png' },
				{ role: 'last_frame', source: 'url', url: 'https://input.test/b.png' },
			],
		},
	};
	const submitted = await run({ ...frames, operation: 'submitTask' });
	expect(submitted.error?.message).toBeUndefined();
	const taskId = submitted.items[0].json.taskId as string;
	expect(emu.requests.find((r: any) => r.method === 'POST').path).toBe(
		'/api/v1/services/aigc/image2video/video-synthesis',
	);
	const read = await runWanx({
		parameters: { resource: 'task', operation: 'getTask', taskId, options: { pollInterval: 0.02 } },
		credentials: credentials(),
		typeVersion: 2,
	});
	expect(read.error?.message).toBeUndefined();
	expect(read.items[0].json).toMatchObject({ taskId, videoUrl: expect.any(String), duration: 5 });
	expect(read.items[0].binary!.data.mimeType).toBe('video/mp4');
});

test('a refused upload form fails the item before any task is created', async () => {
	emu.fault({ on: 'oss', kind: 'status', status: 403, times: 5 });
	const result = await run({ model: 'wan2.7-i2v', ...binaryFrame }, { items: withFrame });
	expect(result.status).toBe('error');
	expect(result.error!.message).toMatch(
		/^First Frame \(media 1\) \(binary property 'data'\) could not be uploaded: the upload host answered HTTP 403/,
	);
	expect(emu.stats().tasksCreated).toBe(0);
});

test('getPolicy answering 500 is tried again', async () => {
	emu.fault({ on: 'upload', kind: 'status', status: 500, times: 1 });
	const result = await run({ model: 'wan2.7-i2v', ...binaryFrame }, { items: withFrame });
	expect(result.error?.message).toBeUndefined();
	expect(requestsOf('upload')).toHaveLength(2);
});

test('a download that keeps failing keeps task id, request id and video URL (Continue On Fail)', async () => {
	emu.fault({ on: 'result', kind: 'html', times: 10 });
	const result = await run({ model: 'wan2.7-t2v' }, { continueOnFail: true });
	const json = result.items[0].json;
	expect(json.error).toMatch(/^The result video could not be downloaded .* not a whole MP4 video/);
	expect(json).toMatchObject({
		taskId: expect.any(String),
		requestId: expect.any(String),
		videoUrl: expect.stringMatching(/\.mp4\?Expires=/),
	});
	expect(emu.stats().tasksCreated).toBe(1);
});

test('a body cut in transit is fetched again and the whole MP4 stored', async () => {
	emu.fault({ on: 'result', kind: 'truncate', times: 1 });
	const result = await run({ model: 'wan2.7-t2v' });
	expect(result.error?.message).toBeUndefined();
	expect(readMp4(Buffer.from(result.items[0].binary!.data.data, 'base64')).seconds).toBe(5);
	expect(emu.requests.filter((r: any) => /\.mp4$/.test(r.path))).toHaveLength(2);
});

describe('the examples/ workflows', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const example = (file: string) => require(`../../examples/${file}`);
	const wanxNode = (file: string, name: string) =>
		example(file).nodes.find((node: any) => node.name === name).parameters;
	/** The node's parameters with the expressions the workflow fills from other nodes set to text. */
	const literal = (parameters: Record<string, unknown>, prompt: string) => ({
		...parameters,
		prompt,
	});

	test('image-to-video.json: wan2.7-image makes the first frame, wan2.7-i2v animates its binary', async () => {
		const picture = await runWanx({
			parameters: literal(wanxNode('image-to-video.json', 'Make the First Frame'), 'a bicycle'),
			credentials: credentials(),
			typeVersion: 2,
		});
		expect(picture.error?.message).toBeUndefined();
		expect(picture.items[0].binary!.data.mimeType).toBe('image/png');
		const animated = await runWanx({
			parameters: literal(wanxNode('image-to-video.json', 'Animate It'), 'the wheels turn'),
			items: picture.items.map(({ json, binary }) => ({ json, binary })),
			credentials: credentials(),
			typeVersion: 2,
		});
		expect(animated.error?.message).toBeUndefined();
		expect(requestsOf('upload')).toHaveLength(1);
		expect(animated.items[0].binary!.data.mimeType).toBe('video/mp4');
		expect(animated.items[0].json).toMatchObject({ model: 'wan2.7-i2v', billedSeconds: 5 });
	});

	test.each([
		['text-to-video.json', 'Wanx Video'],
		['reference-to-video.json', 'Wanx Reference Video'],
	])('%s runs its Wanx node to an MP4', async (file, name) => {
		const result = await runWanx({
			parameters: literal(wanxNode(file, name), 'a paper boat'),
			credentials: credentials(),
			typeVersion: 2,
		});
		expect(result.error?.message).toBeUndefined();
		expect(result.items[0].binary!.data.mimeType).toBe('video/mp4');
	});
});
