/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * Reference images too large to travel inline (api/imageTransfer.ts) go through DashScope's
 * temporary upload, against the emulator on 127.0.0.1, which refuses a data URI over 20 MiB as
 * the service did for another model on this endpoint (docs/dashscope-notes.md §2.2) and resolves
 * `oss://` images only when they were uploaded for the model and the header is sent.
 */
import { EMULATOR_KEY, useEmulator } from './net';
import { runWanx } from './harness';
import { binaryEntry, png } from './images';

const MB = 1024 * 1024;
const emu = useEmulator({
	taskTimings: { pendingMs: 0, runningMs: 20, syncMs: 0 },
	limits: false,
	randomSeed: 5,
	resolveImageUploads: true,
});
const credentials = () => ({ apiKey: EMULATOR_KEY, region: 'custom', baseUrl: emu.url });
const requestsOf = (kind: string) => emu.requests.filter((r: any) => r.kind === kind);
const creates = () =>
	emu.requests.filter((r: any) => r.method === 'POST' && /image-generation/.test(r.path));

/** A PNG the header reader takes (320×240), padded to `bytes` as files with metadata are. */
const bigPng = (bytes: number, rgb: [number, number, number] = [10, 120, 240]) => {
	const head = png(320, 240, rgb);
	return Buffer.concat([head, Buffer.alloc(bytes - head.length)]);
};
const binaryRef = (name: string) => ({ source: 'binary', binaryPropertyName: name });

const run = (
	model: string,
	images: object[],
	binary: Record<string, Buffer>,
	extra: Record<string, unknown> = {},
) =>
	runWanx({
		parameters: {
			operation: 'generateAsync',
			model,
			mode: 'edit',
			prompt: 'Combine the pictures',
			referenceImages: { images },
			options: { pollInterval: 0.02, downloadImages: false },
		},
		credentials: credentials(),
		typeVersion: 2,
		items: [
			{
				json: {},
				binary: Object.fromEntries(
					Object.entries(binary).map(([name, bytes]) => [name, binaryEntry(bytes, 'image/png')]),
				),
			},
		],
		...extra,
	});

beforeEach(() => emu.reset());

test('wan2.7-image: a 16 MB binary image (a 21 MiB data URI) is uploaded, a small one stays inline', async () => {
	const big = bigPng(16 * MB);
	const small = png(300, 300, [200, 30, 30]);
	const result = await run('wan2.7-image', [binaryRef('big'), binaryRef('small')], { big, small });
	expect(result.error?.message).toBeUndefined();
	expect(requestsOf('upload').map((r: any) => r.query)).toEqual([
		{ action: 'getPolicy', model: 'wan2.7-image' },
	]);
	expect(requestsOf('ossUpload')).toHaveLength(1);
	const [create] = creates();
	expect(create.headers['x-dashscope-ossresourceresolve']).toBe('enable');
	expect(create.body.input.messages[0].content).toEqual([
		{ text: 'Combine the pictures' },
		{ image: expect.stringMatching(/^oss:\/\/.+\/wanx-item0-reference-1\.png$/) },
		{ image: `data:image/png;base64,${small.toString('base64')}` },
	]);
	expect(result.items[0].json).toMatchObject({ taskStatus: 'SUCCEEDED' });
});

test('wan2.6-image: four 10 MB images would make a 56 MB body; only the largest is uploaded', async () => {
	const sizes = [10 * MB - 3000, 10 * MB - 1000, 10 * MB - 4000, 10 * MB - 2000];
	const files = Object.fromEntries(sizes.map((bytes, i) => [`f${i}`, bigPng(bytes)]));
	const result = await run(
		'wan2.6-image',
		sizes.map((_, i) => binaryRef(`f${i}`)),
		files,
	);
	expect(result.error?.message).toBeUndefined();
	expect(requestsOf('ossUpload')).toHaveLength(1);
	const images = creates()[0]
		.body.input.messages[0].content.slice(1)
		.map((c: any) => c.image);
	expect(images.map((image: string) => image.slice(0, 16))).toEqual([
		'data:image/png;b',
		expect.stringMatching(/^oss:\/\//),
		'data:image/png;b',
		'data:image/png;b',
	]);
	expect(images[1]).toMatch(/\/wanx-item0-reference-2\.png$/);
	expect(emu.stats().tasksCreated).toBe(1);
});

test('a Base64 entry over the data-URI limit is uploaded as well (its bytes decoded again)', async () => {
	const big = bigPng(16 * MB, [90, 90, 90]);
	const result = await run(
		'wan2.7-image',
		[{ source: 'base64', base64: big.toString('base64') }],
		{},
	);
	expect(result.error?.message).toBeUndefined();
	const [upload] = requestsOf('ossUpload');
	expect(upload).toBeDefined();
	expect(creates()[0].body.input.messages[0].content[1].image).toMatch(
		/^oss:\/\/.+\/wanx-item0-reference-1\.png$/,
	);
});

test('an upload the host refuses fails the item before any task is created, naming the image', async () => {
	emu.fault({ on: 'oss', kind: 'status', status: 403, times: 5 });
	const result = await run('wan2.7-image', [binaryRef('big')], { big: bigPng(16 * MB) });
	expect(result.status).toBe('error');
	expect(result.error!.message).toMatch(
		/^Reference Image 1 \(binary property 'big'\) could not be uploaded: the upload host answered HTTP 403/,
	);
	expect(emu.stats().tasksCreated).toBe(0);
});
