/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * Version 2 of the node in n8n's real engine against the emulator, per model: each documented
 * rule accepted at its edge (and the exact request it sends), refused one past it with nothing
 * sent; a fresh node billing one image; an image set as 8 binary files; a custom model id.
 */
import { runWanx } from './harness';
import { png } from './images';
import { EMULATOR_KEY, useEmulator } from './net';

const KEY = EMULATOR_KEY;
const IMAGE = { source: 'url', url: 'https://input.test/cat.png' };
const images = (count: number) => ({ images: Array(count).fill(IMAGE) });
const emu = useEmulator({
	taskTimings: { pendingMs: 0, runningMs: 10, syncMs: 0 },
	limits: false,
	models: ['qwen-image-2.0-pro'],
});

const run = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	runWanx({
		parameters: {
			operation: 'generateAsync',
			prompt: 'a lighthouse at dawn',
			...parameters,
			options: { pollInterval: 0.01, downloadImages: false, ...(parameters.options as object) },
		},
		credentials: { apiKey: KEY, region: 'custom', baseUrl: emu.url },
		typeVersion: 2,
		...extra,
	});
const sent = () => emu.requests.filter((r: any) => r.kind === 'create' || r.kind === 'sync');

beforeEach(() => emu.reset());

test('a freshly added node runs on a prompt alone and bills one image', async () => {
	const result = await runWanx({
		parameters: { prompt: 'a cat' },
		credentials: { apiKey: KEY, region: 'custom', baseUrl: emu.url },
		typeVersion: 2,
	});
	expect(result.status).toBe('success');
	expect(sent()).toHaveLength(1);
	expect(sent()[0].body).toMatchObject({
		model: 'wan2.6-image',
		parameters: { enable_interleave: true, max_images: 1 },
	});
	expect(result.items[0].json).toMatchObject({
		model: 'wan2.6-image',
		mode: 'interleave',
		usage: { image_count: 1 },
	});
	expect(Object.keys(result.items[0].binary ?? {})).toEqual(['data']);
});

type Accepted = [string, Record<string, unknown>, Record<string, unknown>];
const ACCEPTED: Accepted[] = [
	[
		'wan2.7-image: 9 reference images, n 4',
		{ model: 'wan2.7-image', mode: 'edit', referenceImages: images(9), n: 4 },
		{ n: 4 },
	],
	[
		'wan2.7-image: text-to-image with thinking mode, 2K',
		{ model: 'wan2.7-image', mode: 'edit', size: '2K', options: { thinkingMode: true, seed: 9 } },
		{ n: 1, size: '2K', seed: 9, thinking_mode: true },
	],
	[
		'wan2.7-image: boxes and palette',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			referenceImages: images(1),
			options: {
				bboxList: '[[[10, 10, 200, 120]]]',
				colorPalette: {
					colors: [
						{ hex: '#112233', ratio: 50 },
						{ hex: '#445566', ratio: 30 },
						{ hex: '#778899', ratio: 20 },
					],
				},
			},
		},
		{
			n: 1,
			bbox_list: [[[10, 10, 200, 120]]],
			color_palette: [
				{ hex: '#112233', ratio: '50.00%' },
				{ hex: '#445566', ratio: '30.00%' },
				{ hex: '#778899', ratio: '20.00%' },
			],
		},
	],
	[
		'wan2.7-image: Bounding Boxes added and left at its default [] sends no boxes',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			referenceImages: images(1),
			options: { bboxList: '[]' },
		},
		{ n: 1 },
	],
	[
		'wan2.7-image: palette shares given as text with a % sign, by expression',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			options: {
				colorPalette: {
					colors: [
						{ hex: '#112233', ratio: '={{ "50%" }}' },
						{ hex: '#445566', ratio: '={{ "30" }}' },
						{ hex: '#778899', ratio: '={{ " 20 %" }}' },
					],
				},
			},
		},
		{
			n: 1,
			color_palette: [
				{ hex: '#112233', ratio: '50.00%' },
				{ hex: '#445566', ratio: '30.00%' },
				{ hex: '#778899', ratio: '20.00%' },
			],
		},
	],
	[
		'wan2.7-image: thinking mode switched off beside a reference image (what the API does anyway)',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			referenceImages: images(1),
			options: { thinkingMode: false },
		},
		{ n: 1, thinking_mode: false },
	],
	[
		'wan2.7-image: a set of 12',
		{ model: 'wan2.7-image', mode: 'sequential', n: 12 },
		{ enable_sequential: true, n: 12 },
	],
	[
		'wan2.7-image-pro: 4K text-to-image',
		{ model: 'wan2.7-image-pro', mode: 'edit', size: '4K' },
		{ n: 1, size: '4K' },
	],
	[
		'wan2.7-image-pro: 4k typed in lower case (Custom Size), sent as 4K',
		{ model: 'wan2.7-image-pro', mode: 'edit', size: 'custom', customSize: '4k' },
		{ n: 1, size: '4K' },
	],
	[
		'wan2.7-image: 1k typed in lower case, sent as 1K',
		{ model: 'wan2.7-image', mode: 'edit', size: 'custom', customSize: ' 1k ' },
		{ n: 1, size: '1K' },
	],
	[
		'wan2.7-image-pro: 4096*4096 text-to-image',
		{ model: 'wan2.7-image-pro', mode: 'edit', size: 'custom', customSize: '4096x4096' },
		{ n: 1, size: '4096*4096' },
	],
	[
		'wan2.6-t2i: 1440*1440, n 4, its options',
		{
			model: 'wan2.6-t2i',
			size: 'custom',
			customSize: '1440*1440',
			n: 4,
			options: { negativePrompt: 'text', promptExtend: false },
		},
		{ n: 4, prompt_extend: false, size: '1440*1440', negative_prompt: 'text' },
	],
	[
		'wan2.6-t2i: prompt of 2100 characters',
		{ model: 'wan2.6-t2i', prompt: 'a'.repeat(2100) },
		{ n: 1 },
	],
	[
		'wan2.6-image: 4 images in editing, as in version 1',
		{ model: 'wan2.6-image', mode: 'edit', referenceImages: images(4), n: 2, size: '2K' },
		{ enable_interleave: false, n: 2, size: '2K' },
	],
	[
		'wan2.6-image: interleaved, Max Images 5',
		{ model: 'wan2.6-image', mode: 'interleave', maxImages: 5 },
		{ enable_interleave: true, max_images: 5 },
	],
];

test.each(ACCEPTED)('%s: accepted, exactly this request', async (_title, parameters, expected) => {
	const result = await run(parameters);
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	expect(sent()).toHaveLength(1);
	expect(sent()[0].body.parameters).toStrictEqual(expected);
	expect(result.items[0].json.rulesChecked).toBeUndefined();
});

type Refused = [string, Record<string, unknown>, RegExp];
const REFUSED: Refused[] = [
	[
		'wan2.7-image: 10 reference images',
		{ model: 'wan2.7-image', mode: 'edit', referenceImages: images(10) },
		/^Reference Images generation and editing takes at most 9 reference images; got 10/,
	],
	[
		'wan2.7-image: n 5',
		{ model: 'wan2.7-image', mode: 'edit', n: 5 },
		/^Number of Images must be a whole number from 1 to 4; got 5/,
	],
	[
		'wan2.7-image: a set of 13',
		{ model: 'wan2.7-image', mode: 'sequential', n: 13 },
		/^Number of Images must be a whole number from 1 to 12; got 13/,
	],
	[
		'wan2.7-image: 4K',
		{ model: 'wan2.7-image', mode: 'edit', size: 'custom', customSize: '4K' },
		/^Size 4K is not offered by wan2.7-image/,
	],
	[
		'wan2.7-image: thinking mode with an image',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			referenceImages: images(1),
			options: { thinkingMode: true },
		},
		/^Thinking Mode only applies to text-to-image/,
	],
	[
		'wan2.7-image: prompt of 5001 characters',
		{ model: 'wan2.7-image', mode: 'edit', prompt: 'a'.repeat(5001) },
		/^Prompt has 5001 characters; the API allows 5000/,
	],
	[
		'wan2.7-image: boxes that are not JSON',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			referenceImages: images(1),
			options: { bboxList: '[[1, 2' },
		},
		/^Bounding Boxes is not valid JSON/,
	],
	[
		'wan2.7-image: three lists of boxes for two images',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			referenceImages: images(2),
			options: { bboxList: '[[], [], []]' },
		},
		/^Bounding Boxes has 3 entries for 2 reference images; give one list per image/,
	],
	[
		'wan2.7-image: a palette share that is no number',
		{
			model: 'wan2.7-image',
			mode: 'edit',
			options: {
				colorPalette: {
					colors: [
						{ hex: '#112233', ratio: '={{ "half" }}' },
						{ hex: '#445566', ratio: 30 },
						{ hex: '#778899', ratio: 20 },
					],
				},
			},
		},
		/^Color Palette colour 1 has the share the text "half"; give a number above 0 and up to 100 \(a percentage: 50 or "50%"\)/,
	],
	[
		'wan2.7-image-pro: 4K with a reference image',
		{ model: 'wan2.7-image-pro', mode: 'edit', referenceImages: images(1), size: '4K' },
		/^Size 4K is only available for text-to-image on wan2.7-image-pro/,
	],
	[
		'wan2.7-image-pro: a 4K set',
		{ model: 'wan2.7-image-pro', mode: 'sequential', size: 'custom', customSize: '4K' },
		/^Size 4K is only available in generation and editing mode/,
	],
	[
		'wan2.6-t2i: 1440*1441',
		{ model: 'wan2.6-t2i', size: 'custom', customSize: '1440*1441' },
		/^Size 1440\*1441 has 2075040 pixels/,
	],
	[
		'wan2.6-t2i: n 5',
		{ model: 'wan2.6-t2i', n: 5 },
		/^Number of Images must be a whole number from 1 to 4; got 5/,
	],
	[
		'wan2.6-t2i: prompt of 2101 characters',
		{ model: 'wan2.6-t2i', prompt: 'a'.repeat(2101) },
		/^Prompt has 2101 characters; the API allows 2100/,
	],
	[
		'wan2.6-image: a mode switch leaves 2 images in interleaved mode',
		{ model: 'wan2.6-image', mode: 'interleave', referenceImages: images(2) },
		/^Reference Images interleaved output takes at most 1 reference image; got 2/,
	],
	[
		'wan2.6-image: Max Images 6',
		{ model: 'wan2.6-image', mode: 'interleave', maxImages: 6 },
		/^Max Images must be a whole number from 1 to 5; got 6/,
	],
	// The model arrives by expression, so the panel could not hide what that model ignores.
	[
		'an expression picks wan2.7-image while a negative prompt is set',
		{ model: '={{ "wan2.7-image" }}', mode: 'edit', options: { negativePrompt: 'blurry' } },
		/^Negative Prompt is not taken by wan2.7-image in Generate or Edit mode/,
	],
	[
		'an expression picks wan2.6-t2i with reference images',
		{ model: '={{ "wan2.6-t2i" }}', referenceImages: images(1) },
		/^Reference Images wan2.6-t2i takes no reference images; got 1/,
	],
	[
		'a custom model without an id',
		{ model: 'custom', customModel: ' ' },
		/^Custom Model ID " " is not a model id/,
	],
	[
		'a known id in other letter case as Custom Model ID',
		{ model: 'custom', customModel: 'Wan2.7-Image', mode: 'edit' },
		/^Custom Model ID "Wan2.7-Image" is not a model id \(ids are lower case\): use wan2.7-image/,
	],
	[
		'a known id in other letter case by expression (version 1 Model field)',
		{ model: '={{ "WAN2.6-T2I" }}' },
		/^Model "WAN2.6-T2I" is not a model id \(ids are lower case\): use wan2.6-t2i/,
	],
];

test.each(REFUSED)('%s: refused, nothing sent', async (_title, parameters, pattern) => {
	const result = await run(parameters);
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(pattern);
	expect(result.error?.message).toMatch(/\[item 0\]$/);
	expect(result.error?.description).toMatch(/Nothing was sent to DashScope\./);
	expect(emu.requests).toHaveLength(0);
});

test('an image set of 8 comes back as 8 binary files', async () => {
	const result = await run({
		model: 'wan2.7-image',
		mode: 'sequential',
		n: 8,
		options: { downloadImages: true },
	});
	expect(result.status).toBe('success');
	const binary = result.items[0].binary ?? {};
	expect(Object.keys(binary)).toEqual([
		'data',
		...Array.from({ length: 7 }, (_, i) => `data_${i + 1}`),
	]);
	expect(Object.values(binary).every((file) => file.mimeType === 'image/png')).toBe(true);
	expect(result.items[0].json).toMatchObject({
		model: 'wan2.7-image',
		mode: 'sequential',
		usage: { image_count: 8 },
	});
});

test('Generate (sync) with wan2.7: plain JSON, no stream switch', async () => {
	const result = await run({
		operation: 'generate',
		model: 'wan2.7-image-pro',
		mode: 'edit',
		size: '4K',
		options: { thinkingMode: true },
	});
	expect(result.status).toBe('success');
	const [call] = sent();
	expect(call.kind).toBe('sync');
	expect(call.headers['x-dashscope-sse']).toBeUndefined();
	expect(call.body.parameters).toStrictEqual({ n: 1, size: '4K', thinking_mode: true });
	expect(result.items[0].json.usage).toMatchObject({ image_count: 1, size: '4096*4096' });
});

test('a custom model id: sent as set, and the output says its rules were not checked', async () => {
	const result = await run({
		model: 'custom',
		customModel: 'qwen-image-2.0-pro',
		mode: 'edit',
		referenceImages: images(1),
		n: 2,
		options: { negativePrompt: 'x' },
	});
	expect(result.status).toBe('success');
	expect(sent()[0].body).toMatchObject({
		model: 'qwen-image-2.0-pro',
		parameters: { n: 2, negative_prompt: 'x' },
	});
	expect(sent()[0].body.parameters.enable_interleave).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ model: 'qwen-image-2.0-pro', rulesChecked: false });
});

test('a Custom Model ID that is a known model is checked by its rules, and the error says so', async () => {
	const refused = await run({
		model: 'custom',
		customModel: 'wan2.7-image',
		mode: 'edit',
		options: { negativePrompt: 'blurry' },
	});
	expect(refused.error?.message).toBe(
		'Negative Prompt is not taken by wan2.7-image in Generate or Edit mode; remove it (it would be ignored) [item 0]',
	);
	expect(refused.error?.description).toBe(
		'Parameter "Negative Prompt" of item 0. Nothing was sent to DashScope. The Custom Model ID wan2.7-image is a model this node knows: its rules apply.',
	);
	expect(sent()).toHaveLength(0);
	const accepted = await run({ model: 'custom', customModel: 'wan2.7-image', mode: 'edit' });
	expect(accepted.status).toBe('success');
	expect(accepted.items[0].json.model).toBe('wan2.7-image');
	expect(accepted.items[0].json.rulesChecked).toBeUndefined();
});

test('Submit Task with a custom model id says its rules were not checked, as Generate does', async () => {
	const custom = await run({
		operation: 'submitTask',
		model: 'custom',
		customModel: 'qwen-image-2.0-pro',
		mode: 'edit',
		referenceImages: images(1),
	});
	expect(custom.status).toBe('success');
	expect(custom.items[0].json).toMatchObject({
		model: 'qwen-image-2.0-pro',
		rulesChecked: false,
		taskStatus: 'PENDING',
	});
	const known = await run({ operation: 'submitTask', model: 'wan2.6-t2i' });
	expect(known.items[0].json.rulesChecked).toBeUndefined();
});

test('Submit Task with wan2.6-t2i: the task id at once', async () => {
	const result = await run({ operation: 'submitTask', model: 'wan2.6-t2i' });
	expect(result.status).toBe('success');
	expect(result.items[0].json).toMatchObject({
		model: 'wan2.6-t2i',
		mode: 'textToImage',
		taskStatus: 'PENDING',
	});
});

test('wan2.7-image: a reference image past 1:8 is refused with nothing sent; 1:8 itself is sent', async () => {
	const tall = (height: number) => ({
		images: [
			{ source: 'base64', base64: `data:image/png;base64,${png(240, height).toString('base64')}` },
		],
	});
	const refused = await run({ model: 'wan2.7-image', mode: 'edit', referenceImages: tall(1921) });
	expect(refused.status).toBe('error');
	expect(refused.error?.message).toMatch(
		/^Reference Image 1 .*is 240×1921 pixels; the model takes aspect ratios 1:8 to 8:1/,
	);
	expect(sent()).toHaveLength(0);

	const accepted = await run({ model: 'wan2.7-image', mode: 'edit', referenceImages: tall(1920) });
	expect(accepted.status).toBe('success');
	expect(sent()).toHaveLength(1);
});
