/**
 * Bad input fails the item before any request: each case checks the message names the parameter
 * and the item, and that nothing reached the network (no money spent on a doomed call).
 */
import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { binaryEntry, GIF, jpegHead, png } from './images';
import { runWanx } from './harness';

const URL_IMAGE = { source: 'url', url: 'https://input.test/a.png' };
const base = {
	operation: 'generateAsync',
	prompt: 'a cat',
	referenceImages: { images: [URL_IMAGE] },
	options: { downloadImages: false },
};
const big = Buffer.concat([png(), Buffer.alloc(10 * 1024 * 1024)]);
const binaryImage = (bytes: Buffer, mimeType = 'image/png'): INodeExecutionData[] => [
	{ json: {}, binary: { data: binaryEntry(bytes, mimeType) } },
];
const BINARY = { referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'data' }] } };
const base64Image = (uri: string) => ({
	referenceImages: { images: [{ source: 'base64', base64: uri }] },
});
/** A BMP header of width×height (BITMAPINFOHEADER), and a WEBP (VP8X) one. */
const bmp = (w: number, h: number) => {
	const b = Buffer.alloc(54);
	b.write('BM', 0, 'ascii');
	b.writeUInt32LE(54, 2);
	b.writeUInt32LE(40, 14);
	b.writeInt32LE(w, 18);
	b.writeInt32LE(-h, 22);
	return b;
};
const webp = (w: number, h: number) => {
	const b = Buffer.alloc(30);
	b.write('RIFF', 0, 'ascii');
	b.writeUInt32LE(22, 4);
	b.write('WEBPVP8X', 8, 'ascii');
	b.writeUIntLE(w - 1, 24, 3);
	b.writeUIntLE(h - 1, 27, 3);
	return b;
};
const PDF = Buffer.from('%PDF-1.4 hello');

let attempted: string[] = [];
const record = (req: { method?: string; path?: string }) =>
	attempted.push(`${req.method} ${req.path}`);
beforeAll(() => {
	nock.restore();
	nock.activate();
	nock.disableNetConnect();
	nock.emitter.on('no match', record);
});
afterAll(() => {
	nock.emitter.removeListener('no match', record);
	nock.restore();
});
beforeEach(() => {
	attempted = [];
});

type Case = [string, Record<string, unknown>, RegExp, INodeExecutionData[]?];

const cases: Case[] = [
	['empty prompt', { prompt: '   ' }, /^Prompt is empty/],
	['prompt over 2000 characters', { prompt: 'x'.repeat(2001) }, /^Prompt has 2001 characters/],
	[
		'negative prompt over 500',
		{ options: { negativePrompt: 'n'.repeat(501) } },
		/^Negative Prompt has 501 characters/,
	],
	['model with spaces', { model: 'wan 2.6' }, /^Model "wan 2.6" is not a model id/],
	[
		'edit mode without images',
		{ referenceImages: {} },
		/^Reference Images image editing needs 1 to 4 reference images; got 0/,
	],
	[
		'edit mode with five images',
		{ referenceImages: { images: Array(5).fill(URL_IMAGE) } },
		/got 5/,
	],
	[
		'interleave with two images',
		{ mode: 'interleave', referenceImages: { images: [URL_IMAGE, URL_IMAGE] } },
		/at most 1 reference image; got 2/,
	],
	[
		'image URL that is not a URL',
		{ referenceImages: { images: [{ source: 'url', url: 'not a url' }] } },
		/^Reference Image 1 "not a url" is not a valid URL/,
	],
	[
		'ftp image URL',
		{ referenceImages: { images: [{ source: 'url', url: 'ftp://x.test/a.png' }] } },
		/^Reference Image 1 uses ftp:/,
	],
	[
		'empty image URL',
		{ referenceImages: { images: [{ source: 'url', url: '' }] } },
		/^Reference Image 1 is empty/,
	],
	['n = 0', { n: 0 }, /^Number of Images must be a whole number from 1 to 4; got 0/],
	['n = 5', { n: 5 }, /^Number of Images .* got 5/],
	[
		'maxImages = 6',
		{ mode: 'interleave', referenceImages: {}, maxImages: 6 },
		/^Max Images must be a whole number from 1 to 5; got 6/,
	],
	[
		'size 2K in interleave',
		{ mode: 'interleave', referenceImages: {}, size: '2K' },
		/^Size 2K is only available in image editing mode/,
	],
	['custom size garbage', { size: 'custom', customSize: 'big' }, /^Size "big" is not a size/],
	[
		'custom size too small',
		{ size: 'custom', customSize: '500*500' },
		/^Size 500\*500 has 250000 pixels/,
	],
	[
		'custom size too large for interleave',
		{ mode: 'interleave', referenceImages: {}, size: 'custom', customSize: '1440*1440' },
		/1280\*1280/,
	],
	[
		'custom size ratio 5:1',
		{ size: 'custom', customSize: '2500*500' },
		/aspect ratio outside 1:4 to 4:1/,
	],
	[
		'seed negative',
		{ options: { seed: -1, downloadImages: false } },
		/^Seed must be a whole number from 0 to 2147483647; got -1/,
	],
	[
		'binary property missing',
		{ referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'photo' }] } },
		/^Reference Image 1 \(binary property 'photo'\) is missing on this item; it has: data/,
		[{ json: {}, binary: { data: binaryEntry(png(), 'image/png') } }],
	],
	[
		'binary GIF',
		{ referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'data' }] } },
		/has type image\/gif; the API accepts JPEG, PNG, BMP and WEBP/,
		[{ json: {}, binary: { data: binaryEntry(GIF, 'image/gif') } }],
	],
	[
		'binary over 10 MB',
		{ referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'data' }] } },
		/\(binary property 'data'\) is 10485\d+ bytes/,
		[{ json: {}, binary: { data: binaryEntry(big, 'image/png') } }],
	],
	[
		'binary that is not an image',
		{ referenceImages: { images: [{ source: 'binary', binaryPropertyName: 'data' }] } },
		/has type application\/pdf/,
		[{ json: {}, binary: { data: binaryEntry(Buffer.from('%PDF-1.4 hello'), 'application/pdf') } }],
	],
	[
		'base64 that is not base64',
		{ referenceImages: { images: [{ source: 'base64', base64: 'this is not base64!' }] } },
		/^Reference Image 1 \(Base64\) is not valid Base64/,
	],
	[
		'base64 of a GIF',
		{ referenceImages: { images: [{ source: 'base64', base64: GIF.toString('base64') }] } },
		/^Reference Image 1 \(Base64\) has type image\/gif/,
	],
	[
		'data URI of a GIF in the URL field',
		{
			referenceImages: {
				images: [{ source: 'url', url: `data:image/gif;base64,${GIF.toString('base64')}` }],
			},
		},
		/has type image\/gif/,
	],
	// Expressions that resolve to nothing, null or an object
	[
		'prompt from a missing field',
		{ prompt: '={{ $json.text }}' },
		/^Prompt is empty: the expression gave nothing \(undefined\)/,
	],
	['prompt that is null', { prompt: '={{ null }}' }, /^Prompt is empty: the expression gave null/],
	[
		'prompt that is an object',
		{ prompt: '={{ { a: 1 } }}' },
		/^Prompt must be text; got an object/,
	],
	[
		'model from a missing field',
		{ model: '={{ $json.model }}' },
		/^Model is empty: the expression gave nothing/,
	],
	[
		'negative prompt that is an object',
		{ options: { negativePrompt: '={{ [1, 2] }}', downloadImages: false } },
		/^Negative Prompt must be text; got a list of 2/,
	],
	[
		'n as text that is not a number',
		{ n: '={{ "three" }}' },
		/^Number of Images must be a whole number from 1 to 4; got the text "three"/,
	],
	[
		'n as text out of range',
		{ n: '={{ "7" }}' },
		/^Number of Images must be a whole number from 1 to 4; got 7/,
	],
	['n as a fraction', { n: '={{ 2.5 }}' }, /^Number of Images .* got 2\.5/],
	[
		'n from a missing field',
		{ n: '={{ $json.count }}' },
		/^Number of Images .* got nothing \(undefined\)/,
	],
	[
		'seed as an object',
		{ options: { seed: '={{ {} }}', downloadImages: false } },
		/^Seed .* got an object/,
	],
	[
		'task id from a missing field',
		{ resource: 'task', operation: 'getTask', taskId: '={{ $json.id }}' },
		/^Task ID is empty: the expression gave nothing/,
	],
	[
		'task id that is an object',
		{ resource: 'task', operation: 'cancelTask', taskId: '={{ { id: 1 } }}' },
		/^Task ID must be text; got an object/,
	],
	[
		'image URL from a missing field',
		{ referenceImages: { images: [{ source: 'url', url: '={{ $json.photo }}' }] } },
		/^Reference Image 1 \(URL\) is empty: the expression gave nothing/,
	],
	// What the node holds, it checks (point 4): the bytes decide the type; sides 240 to 8000
	[
		'binary labelled PNG holding a PDF',
		BINARY,
		/^Reference Image 1 \(binary property 'data'\) has type image\/png; its bytes are not a JPEG, PNG, BMP or WEBP image/,
		binaryImage(PDF),
	],
	[
		'data URI labelled PNG holding a PDF',
		base64Image(`data:image/png;base64,${PDF.toString('base64')}`),
		/^Reference Image 1 \(Base64\) has type image\/png; its bytes are not/,
	],
	[
		'data URI in the URL field holding a PDF',
		{
			referenceImages: {
				images: [{ source: 'url', url: `data:image/png;base64,${PDF.toString('base64')}` }],
			},
		},
		/^Reference Image 1 \(data URI\) has type image\/png; its bytes are not/,
	],
	[
		'PNG of 100×100',
		BINARY,
		/^Reference Image 1 \(binary property 'data'\) is 100×100 pixels; the model takes images of 240 to 8000 pixels per side/,
		binaryImage(png(100, 100)),
	],
	[
		'JPEG of 9000×300',
		BINARY,
		/is 9000×300 pixels/,
		binaryImage(jpegHead(9000, 300), 'image/jpeg'),
	],
	['BMP of 239×500', BINARY, /is 239×500 pixels/, binaryImage(bmp(239, 500), 'image/bmp')],
	['WEBP of 300×8001', BINARY, /is 300×8001 pixels/, binaryImage(webp(300, 8001), 'image/webp')],
	[
		'Base64 PNG of 100×100',
		base64Image(png(100, 100).toString('base64')),
		/^Reference Image 1 \(Base64\) is 100×100 pixels/,
	],
	[
		'JPEG cut before its frame header',
		BINARY,
		/is a image\/jpeg whose header gives no width and height/,
		binaryImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), 'image/jpeg'),
	],
	// Point 5: an empty custom size, a mode from an expression
	[
		'custom size left empty',
		{ size: 'custom', customSize: '' },
		/^Custom Size is empty: give width\*height/,
	],
	[
		'mode given as an expression (imported workflows)',
		{ mode: '={{ $json.mode }}' },
		/^Mode is an expression \(\{\{ \$json\.mode \}\}\), which this field does not evaluate: choose one of edit \(Image Editing\), interleave \(Interleaved/,
	],
	[
		'mode that is no mode',
		{ mode: 'sketch' },
		/^Mode "sketch" is not a mode of wan2.6-image: use edit \(Image Editing\)/,
	],
	['sync generate, same rules', { operation: 'generate', prompt: '={{ "" }}' }, /^Prompt is empty/],
	['submit task, same rules', { operation: 'submitTask', n: 9 }, /^Number of Images .* got 9/],
	[
		'get task with an id that evaluates to nothing',
		{ resource: 'task', operation: 'getTask', taskId: '={{ $json.missing ?? "" }}' },
		/^Task ID is empty/,
	],
	[
		'cancel task with a malformed id',
		{ resource: 'task', operation: 'cancelTask', taskId: '../admin' },
		/^Task ID "..\/admin" is not a task ID/,
	],
];

// A rest parameter: with four named ones jest would take the fourth for a `done` callback.
test.each(cases)(
	'%s: fails before any request, naming the parameter and the item',
	async (...row: Case) => {
		const [, overrides, pattern, items] = row;
		const result = await runWanx({ parameters: { ...base, ...overrides }, items });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(pattern);
		expect(result.error?.message).toMatch(/\[item 0\]$/);
		expect(result.error?.description).toMatch(/of item 0\. Nothing was sent to DashScope\./);
		expect(attempted).toEqual([]);
	},
);

test('the failing item is named among several; the good ones before it are not sent either', async () => {
	const result = await runWanx({
		parameters: {
			...base,
			prompt: '={{ $json.prompt }}',
			options: { downloadImages: false, concurrency: 1 },
		},
		items: [
			{ json: { prompt: 'fine' } },
			{ json: { prompt: 'also fine' } },
			{ json: { prompt: '' } },
		],
	});
	expect(result.error?.message).toBe('Prompt is empty: describe the image you want [item 2]');
	expect(attempted).toEqual([]);
});
