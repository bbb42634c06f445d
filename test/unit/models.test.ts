/* eslint-disable @n8n/community-nodes/no-restricted-imports -- the README check reads files with node:fs; tests never run inside n8n */
/* eslint-disable @n8n/community-nodes/no-restricted-globals -- __dirname locates the READMEs; node code never reads files */
/**
 * The model table (nodes/Wanx/api/models.ts) as validation and the planner apply it: every
 * documented rule of each model accepted at its edge and refused one past it, and the exact
 * request each model gets (docs/dashscope-notes.md §2, §8; [I] rules as models.ts marks them).
 */
import * as fs from 'node:fs';

import type { GenerateInput, ImageInput } from '../../nodes/Wanx/api/generateInput';
import { MODELS, modelRule, submissionsPerSecond } from '../../nodes/Wanx/api/models';
import { planGenerate, type Endpoint } from '../../nodes/Wanx/api/plan';
import { areaText, pixelRangeText } from '../../nodes/Wanx/api/outputSize';
import { validateGenerateInput } from '../../nodes/Wanx/api/validate';

const MB = 1024 * 1024;
const SYNC = '/api/v1/services/aigc/multimodal-generation/generation';
const ASYNC = '/api/v1/services/aigc/image-generation/generation';
const url = (i: number): ImageInput => ({
	label: `Reference Image ${i}`,
	value: `https://example.com/${i}.png`,
});
const urls = (count: number) => Array.from({ length: count }, (_, i) => url(i + 1));
const sized = (width: number, height: number): ImageInput => ({ ...url(1), width, height });
const bytes = (byteLength: number): ImageInput => ({
	label: 'Reference Image 1',
	value: 'data:image/png;base64,iVBORw0KGgo=',
	mimeType: 'image/png',
	byteLength,
});
const palette = (...ratios: number[]) =>
	ratios.map((ratio, i) => ({ hex: `#00000${i % 10}`, ratio }));

function input(model: string, overrides: Partial<GenerateInput> = {}): GenerateInput {
	const mode = overrides.mode ?? modelRule(model).defaultMode;
	return {
		model,
		mode,
		prompt: 'a lighthouse at dawn',
		images: [],
		size: 'auto',
		n: 1,
		maxImages: 1,
		...overrides,
	};
}
const w27 = (o: Partial<GenerateInput> = {}) => input('wan2.7-image', { mode: 'edit', ...o });
const pro = (o: Partial<GenerateInput> = {}) => input('wan2.7-image-pro', { mode: 'edit', ...o });
const set = (o: Partial<GenerateInput> = {}) => input('wan2.7-image', { mode: 'sequential', ...o });
const t2i = (o: Partial<GenerateInput> = {}) => input('wan2.6-t2i', o);
const custom = (o: Partial<GenerateInput> = {}) =>
	input('qwen-image-2.0-pro', { mode: 'edit', ...o });

describe('accepted at the edge', () => {
	it.each<[string, GenerateInput]>([
		// wan2.7-image: 0–9 images, n 1–4, 1K/2K, W*H 768²–2048² at 1:8–8:1, prompt 5000 [I]
		['wan2.7 text-to-image, no images', w27()],
		['wan2.7 9 images', w27({ images: urls(9) })],
		['wan2.7 n 4', w27({ n: 4 })],
		['wan2.7 size 1K', w27({ size: '1K' })],
		['wan2.7 size 2K with 9 images', w27({ size: '2K', images: urls(9) })],
		['wan2.7 size 768*768', w27({ size: '768*768' })],
		['wan2.7 size 2048*2048', w27({ size: '2048*2048' })],
		['wan2.7 size 4096*512 (8:1)', w27({ size: '4096*512' })],
		['wan2.7 size 512*4096 (1:8)', w27({ size: '512*4096' })],
		['wan2.7 prompt 5000 chars', w27({ prompt: 'a'.repeat(5000) })],
		['wan2.7 image of 20 MB', w27({ images: [bytes(20 * MB)] })],
		['wan2.7 image 240*240', w27({ images: [sized(240, 240)] })],
		['wan2.7 image 8000*1000 (8:1)', w27({ images: [sized(8000, 1000)] })],
		['wan2.7 image 240*1920 (1:8)', w27({ images: [sized(240, 1920)] })],
		['wan2.7 thinking mode on text-to-image', w27({ thinkingMode: true })],
		['wan2.7 watermark and seed', w27({ watermark: true, seed: 2147483647 })],
		[
			'wan2.7 2 boxes on image 1, none on image 2',
			w27({
				images: urls(2),
				bboxList: [
					[
						[0, 0, 10, 10],
						[5, 5, 100, 80],
					],
					[],
				],
			}),
		],
		['wan2.7 palette of 3 colours = 100%', w27({ colorPalette: palette(33.33, 33.33, 33.34) })],
		['wan2.7 palette of 10 colours', w27({ colorPalette: palette(...Array(10).fill(10)) })],
		// image sets: n up to 12, 0–9 images, no 4K
		['set of 12', set({ n: 12 })],
		['set of 1 from 9 images', set({ n: 1, images: urls(9) })],
		['set at 2K', set({ size: '2K' })],
		// wan2.7-image-pro: 4K and up to 4096² for text-to-image only
		['pro 4K text-to-image', pro({ size: '4K' })],
		// tiers in any case: 4k as well as 1k and 2k
		['pro 4k text-to-image', pro({ size: '4k' })],
		['pro 1k with an image', pro({ size: '1k', images: urls(1) })],
		['pro 4096*4096 text-to-image', pro({ size: '4096*4096' })],
		['pro 2048*2048 with an image', pro({ size: '2048*2048', images: urls(1) })],
		// wan2.6-t2i: W*H 1280²–1440² at 1:4–4:1, n 1–4, prompt 2100, negative 500
		['t2i 1280*1280', t2i({ size: '1280*1280' })],
		['t2i 1440*1440', t2i({ size: '1440*1440' })],
		['t2i 960*1696 (listed)', t2i({ size: '960*1696' })],
		['t2i 1104*1472 (listed, the smallest)', t2i({ size: '1104*1472' })],
		['t2i n 4', t2i({ n: 4 })],
		['t2i prompt 2100', t2i({ prompt: 'a'.repeat(2100) })],
		[
			't2i negative 500, prompt extend, watermark, seed',
			t2i({ negativePrompt: 'x'.repeat(500), promptExtend: false, watermark: true, seed: 0 }),
		],
		// custom: only the shared rules
		[
			'custom 20 images, n 50, 9999*9999, long prompt',
			custom({ images: urls(20), n: 50, size: '9999*9999', prompt: 'a'.repeat(10000) }),
		],
		[
			'custom thinking mode with images, any boxes',
			custom({ images: urls(1), thinkingMode: true, bboxList: [] }),
		],
		['custom interleave with max images 9', custom({ mode: 'interleave', maxImages: 9 })],
		['custom image set', custom({ mode: 'sequential', n: 30 })],
	])('%s', (_title, value) => {
		expect(validateGenerateInput(value)).toBeUndefined();
	});
});

describe('refused one past the edge, naming the parameter', () => {
	it.each<[string, GenerateInput, string, string]>([
		[
			'wan2.7 10 images',
			w27({ images: urls(10) }),
			'Reference Images',
			'takes at most 9 reference images; got 10',
		],
		['wan2.7 n 0', w27({ n: 0 }), 'Number of Images', 'from 1 to 4; got 0'],
		['wan2.7 n 5', w27({ n: 5 }), 'Number of Images', 'from 1 to 4; got 5'],
		['wan2.7 (not pro) 4K', w27({ size: '4K' }), 'Size', '4K is not offered by wan2.7-image'],
		['wan2.7 size 2048*2049', w27({ size: '2048*2049' }), 'Size', 'allows 768*768 to 2048*2048'],
		['wan2.7 size 767*768', w27({ size: '767*768' }), 'Size', 'has 589056 pixels'],
		[
			'wan2.7 size 4104*512 (past 8:1)',
			w27({ size: '4104*512' }),
			'Size',
			'aspect ratio outside 1:8 to 8:1',
		],
		[
			'wan2.7 prompt 5001 chars',
			w27({ prompt: 'a'.repeat(5001) }),
			'Prompt',
			'the API allows 5000',
		],
		[
			'wan2.7 image of 20 MB + 1',
			w27({ images: [bytes(20 * MB + 1)] }),
			'Reference Image 1',
			'up to 20 MB (20971520 bytes)',
		],
		[
			'wan2.7 image 239 px',
			w27({ images: [sized(239, 600)] }),
			'Reference Image 1',
			'240 to 8000 pixels per side',
		],
		[
			'wan2.7 image 8001 px',
			w27({ images: [sized(8001, 1200)] }),
			'Reference Image 1',
			'240 to 8000 pixels per side',
		],
		[
			'wan2.7 image past 1:8',
			w27({ images: [sized(240, 1921)] }),
			'Reference Image 1',
			'aspect ratios 1:8 to 8:1',
		],
		[
			'wan2.7 negative prompt',
			w27({ negativePrompt: 'blur' }),
			'Negative Prompt',
			'is not taken by wan2.7-image in Generate or Edit mode',
		],
		[
			'wan2.7 prompt extend',
			w27({ promptExtend: true }),
			'Prompt Extend',
			'is not taken by wan2.7-image',
		],
		[
			'wan2.7 interleave mode',
			w27({ mode: 'interleave' }),
			'Mode',
			'is not a mode of wan2.7-image; it offers Generate or Edit, Image Set',
		],
		[
			'wan2.7 thinking mode with an image',
			w27({ images: urls(1), thinkingMode: true }),
			'Thinking Mode',
			'only applies to text-to-image',
		],
		[
			'wan2.7 3 boxes on one image',
			w27({
				images: urls(1),
				bboxList: [
					[
						[0, 0, 1, 1],
						[0, 0, 2, 2],
						[0, 0, 3, 3],
					],
				],
			}),
			'Bounding Boxes',
			'has 3 boxes; at most 2',
		],
		[
			'wan2.7 boxes for 1 of 2 images',
			w27({ images: urls(2), bboxList: [[[0, 0, 1, 1]]] }),
			'Bounding Boxes',
			'has 1 entry for 2 reference images',
		],
		[
			'wan2.7 boxes without images',
			w27({ bboxList: [[[0, 0, 1, 1]]] }),
			'Bounding Boxes',
			'needs reference images',
		],
		[
			'wan2.7 box with x1 >= x2',
			w27({ images: urls(1), bboxList: [[[10, 0, 10, 5]]] }),
			'Bounding Boxes',
			'x1 < x2',
		],
		[
			'wan2.7 palette of 2',
			w27({ colorPalette: palette(50, 50) }),
			'Color Palette',
			'has 2 colours; give 3 to 10',
		],
		[
			'wan2.7 palette of 11',
			w27({ colorPalette: palette(...Array(11).fill(100 / 11)) }),
			'Color Palette',
			'has 11 colours',
		],
		[
			'wan2.7 palette at 99%',
			w27({ colorPalette: palette(33, 33, 33) }),
			'Color Palette',
			'add up to 99%',
		],
		[
			'wan2.7 palette bad hex',
			w27({ colorPalette: [{ hex: 'red', ratio: 50 }, ...palette(25, 25)] }),
			'Color Palette',
			'"red" is not a #RRGGBB',
		],
		['set of 13', set({ n: 13 }), 'Number of Images', 'from 1 to 12; got 13'],
		[
			'set 10 images',
			set({ images: urls(10) }),
			'Reference Images',
			'an image set takes at most 9',
		],
		[
			'set with thinking mode',
			set({ thinkingMode: true }),
			'Thinking Mode',
			'is not taken by wan2.7-image in Image Set mode',
		],
		[
			'set with a palette',
			set({ colorPalette: palette(40, 30, 30) }),
			'Color Palette',
			'is not taken',
		],
		[
			'pro set at 4K',
			input('wan2.7-image-pro', { mode: 'sequential', size: '4K' }),
			'Size',
			'4K is only available in generation and editing mode; an image set takes 1K, 2K, W*H (up to 2048*2048) or Auto',
		],
		[
			'pro 4k with an image',
			pro({ size: '4k', images: urls(1) }),
			'Size',
			'4K is only available for text-to-image on wan2.7-image-pro',
		],
		['wan2.7 (not pro) 4k', w27({ size: '4k' }), 'Size', '4K is not offered by wan2.7-image'],
		[
			'pro: not a size, the message lists 4K',
			pro({ size: 'huge' }),
			'Size',
			'"huge" is not a size: use 1K, 2K, 4K (text-to-image only) or width*height',
		],
		[
			'pro: a tier it does not offer, the message lists 4K',
			pro({ size: '8K' }),
			'Size',
			'8K is not offered by wan2.7-image-pro for generation and editing; it takes 1K, 2K, 4K (text-to-image only), W*H (up to 2048*2048) or Auto',
		],
		[
			'pro 4K with an image',
			pro({ size: '4K', images: urls(1) }),
			'Size',
			'4K is only available for text-to-image on wan2.7-image-pro',
		],
		[
			'pro 4096*4097 text-to-image',
			pro({ size: '4096*4097' }),
			'Size',
			'allows 768*768 to 4096*4096',
		],
		[
			'pro 2048*2049 with an image',
			pro({ size: '2048*2049', images: urls(1) }),
			'Size',
			'allows 768*768 to 2048*2048',
		],
		[
			't2i with an image',
			t2i({ images: urls(1) }),
			'Reference Images',
			'wan2.6-t2i takes no reference images; got 1',
		],
		[
			't2i 1103*1472 (under the smallest listed size)',
			t2i({ size: '1103*1472' }),
			'Size',
			'text-to-image allows 1104*1472 to 1440*1440 (1625088–2073600 pixels)',
		],
		['t2i 1440*1441', t2i({ size: '1440*1441' }), 'Size', 'has 2075040 pixels'],
		['t2i 3000*700 (past 4:1)', t2i({ size: '3000*700' }), 'Size', 'has 2100000 pixels'],
		['t2i 1K', t2i({ size: '1K' }), 'Size', '1K is not offered by wan2.6-t2i'],
		['t2i n 5', t2i({ n: 5 }), 'Number of Images', 'from 1 to 4; got 5'],
		['t2i prompt 2101', t2i({ prompt: 'a'.repeat(2101) }), 'Prompt', 'the API allows 2100'],
		[
			't2i negative 501',
			t2i({ negativePrompt: 'x'.repeat(501) }),
			'Negative Prompt',
			'the API allows 500',
		],
		[
			't2i thinking mode',
			t2i({ thinkingMode: true }),
			'Thinking Mode',
			'is not taken by wan2.6-t2i',
		],
		['t2i edit mode', t2i({ mode: 'edit' }), 'Mode', 'it offers Text to Image'],
		[
			'wan2.6-image interleave with prompt extend',
			input('wan2.6-image', { mode: 'interleave', promptExtend: true }),
			'Prompt Extend',
			'is not taken by wan2.6-image in Interleaved Text and Images mode',
		],
		[
			'wan2.6-image thinking mode',
			input('wan2.6-image', { mode: 'edit', images: urls(1), thinkingMode: false }),
			'Thinking Mode',
			'is not taken',
		],
		['custom empty prompt', custom({ prompt: ' ' }), 'Prompt', 'is empty'],
		['custom n 0', custom({ n: 0 }), 'Number of Images', 'must be a whole number from 1; got 0'],
		['custom size garbage', custom({ size: 'big' }), 'Size', '"big" is not a size'],
		[
			'custom ftp image',
			custom({ images: [{ label: 'Reference Image 1', value: 'ftp://x/a.png' }] }),
			'Reference Image 1',
			'uses ftp:',
		],
		['custom seed -1', custom({ seed: -1 }), 'Seed', 'got -1'],
		[
			'custom text-to-image mode',
			custom({ mode: 'textToImage' }),
			'Mode',
			'is not a mode of qwen-image-2.0-pro',
		],
	])('%s', (_title, value, parameter, fragment) => {
		expect(validateGenerateInput(value)).toStrictEqual({
			parameter,
			message: expect.stringContaining(fragment),
		});
	});
});

describe('exact requests per model', () => {
	const rows: Array<
		[
			string,
			GenerateInput,
			Endpoint,
			{ path: string; headers: Record<string, string>; body: string },
		]
	> = [
		[
			'wan2.6-image edit: the wire order it always had',
			input('wan2.6-image', {
				mode: 'edit',
				images: urls(1),
				n: 2,
				size: '1280x720',
				promptExtend: false,
				negativePrompt: 'blur',
				watermark: true,
				seed: 3,
			}),
			'async',
			{
				path: ASYNC,
				headers: { 'X-DashScope-Async': 'enable' },
				body: '{"model":"wan2.6-image","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"},{"image":"https://example.com/1.png"}]}]},"parameters":{"enable_interleave":false,"n":2,"prompt_extend":false,"size":"1280*720","negative_prompt":"blur","watermark":true,"seed":3}}',
			},
		],
		[
			'wan2.6-image interleave, sync: SSE, max_images, stream last',
			input('wan2.6-image', { mode: 'interleave', maxImages: 1, watermark: false }),
			'sync',
			{
				path: SYNC,
				headers: {
					'X-DashScope-Sse': 'enable',
					Accept: 'text/event-stream',
					'X-Accel-Buffering': 'no',
				},
				body: '{"model":"wan2.6-image","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"}]}]},"parameters":{"enable_interleave":true,"max_images":1,"watermark":false,"stream":true}}',
			},
		],
		[
			'wan2.7-image-pro text-to-image 4K with thinking mode, sync: plain JSON, no enable_interleave',
			pro({ size: '4K', thinkingMode: true, seed: 11 }),
			'sync',
			{
				path: SYNC,
				headers: {},
				body: '{"model":"wan2.7-image-pro","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"}]}]},"parameters":{"n":1,"size":"4K","seed":11,"thinking_mode":true}}',
			},
		],
		[
			'wan2.7-image-pro text-to-image 4k typed in lower case: sent as 4K',
			pro({ size: '4k' }),
			'async',
			{
				path: ASYNC,
				headers: { 'X-DashScope-Async': 'enable' },
				body: '{"model":"wan2.7-image-pro","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"}]}]},"parameters":{"n":1,"size":"4K"}}',
			},
		],
		[
			'wan2.7-image edit with boxes and a palette, async',
			w27({
				images: urls(2),
				n: 2,
				bboxList: [[[1, 2, 30, 40]], []],
				colorPalette: palette(50, 25.5, 24.5),
				watermark: false,
			}),
			'async',
			{
				path: ASYNC,
				headers: { 'X-DashScope-Async': 'enable' },
				body: '{"model":"wan2.7-image","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"},{"image":"https://example.com/1.png"},{"image":"https://example.com/2.png"}]}]},"parameters":{"n":2,"watermark":false,"bbox_list":[[[1,2,30,40]],[]],"color_palette":[{"hex":"#000000","ratio":"50.00%"},{"hex":"#000001","ratio":"25.50%"},{"hex":"#000002","ratio":"24.50%"}]}}',
			},
		],
		[
			'wan2.7-image set of 8, sync: enable_sequential first, no stream',
			set({ n: 8, size: '2K' }),
			'sync',
			{
				path: SYNC,
				headers: {},
				body: '{"model":"wan2.7-image","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"}]}]},"parameters":{"enable_sequential":true,"n":8,"size":"2K"}}',
			},
		],
		[
			'wan2.6-t2i: text only, its parameters, no mode switch',
			t2i({
				n: 1,
				size: '1440*1440',
				negativePrompt: 'text',
				promptExtend: true,
				watermark: false,
				seed: 5,
			}),
			'sync',
			{
				path: SYNC,
				headers: {},
				body: '{"model":"wan2.6-t2i","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"}]}]},"parameters":{"n":1,"prompt_extend":true,"size":"1440*1440","negative_prompt":"text","watermark":false,"seed":5}}',
			},
		],
		[
			'custom id: everything the user set, as set',
			custom({
				images: urls(1),
				n: 6,
				size: '3K',
				negativePrompt: 'n',
				promptExtend: false,
				thinkingMode: false,
				bboxList: [[[0, 0, 9, 9]]],
			}),
			'async',
			{
				path: ASYNC,
				headers: { 'X-DashScope-Async': 'enable' },
				body: '{"model":"qwen-image-2.0-pro","input":{"messages":[{"role":"user","content":[{"text":"a lighthouse at dawn"},{"image":"https://example.com/1.png"}]}]},"parameters":{"n":6,"prompt_extend":false,"size":"3K","negative_prompt":"n","thinking_mode":false,"bbox_list":[[[0,0,9,9]]]}}',
			},
		],
	];
	it.each(rows)('%s', (_title, value, endpoint, expected) => {
		expect(validateGenerateInput(value)).toBeUndefined();
		const plan = planGenerate(value, endpoint);
		expect(plan.path).toBe(expected.path);
		expect(plan.headers).toStrictEqual(expected.headers);
		expect(JSON.stringify(plan.body)).toBe(expected.body);
		expect(plan.stream).toBe(expected.headers['X-DashScope-Sse'] === 'enable');
	});
});

describe('table facts other parts read', () => {
	it.each<[string, string | undefined, number]>([
		['wan2.6-t2i', 'cn-beijing', 1],
		['wan2.6-t2i', 'ap-southeast-1', 5],
		['wan2.6-t2i', undefined, 5],
		['wan2.6-image', 'cn-beijing', 5],
		['wan2.7-image-pro', 'cn-beijing', 5],
		['anything-else', 'cn-beijing', 5],
	])('submissionsPerSecond(%s, %s) = %i', (model, region, expected) => {
		expect(submissionsPerSecond(model, region)).toBe(expected);
	});

	it('input image rules per model, as plain data', () => {
		expect(modelRule('wan2.6-image').inputImage).toStrictEqual({
			bytes: 10 * MB,
			side: [240, 8000],
		});
		expect(modelRule('wan2.7-image').inputImage).toStrictEqual({
			bytes: 20 * MB,
			side: [240, 8000],
			ratio: [1 / 8, 8],
		});
		expect(modelRule('wan2.7-image-pro').inputImage).toStrictEqual(
			modelRule('wan2.7-image').inputImage,
		);
	});

	it('every known model is checked; every mode bills at least one image and names its count', () => {
		for (const model of MODELS) {
			expect(model.checked).toBe(true);
			for (const mode of Object.values(model.modes)) expect(mode!.count.range[0]).toBe(1);
		}
		expect(modelRule('wan2.8-image').checked).toBe(false);
	});
});

describe('wan2.6-t2i: the size range the message states is the one the READMEs state', () => {
	const [min, max] = modelRule('wan2.6-t2i').modes.textToImage!.size.pixels!;
	const row = (file: string) =>
		fs
			.readFileSync(`${__dirname}/../../${file}`, 'utf8')
			.split('\n')
			.find((line: string) => line.startsWith('| `wan2.6-t2i`'));

	test('the message names the smallest listed size, 1104*1472, and 1440*1440, from the table', () => {
		const problem = validateGenerateInput(input('wan2.6-t2i', { size: '1100*1472' }));
		expect(problem?.message).toBe(
			`1100*1472 has 1619200 pixels; text-to-image allows ${pixelRangeText([min, max])}`,
		);
		expect(pixelRangeText([min, max])).toBe('1104*1472 to 1440*1440 (1625088–2073600 pixels)');
	});

	test.each(['README.md', 'docs/README.zh-CN.md'])('%s states the same range', (file) => {
		const line = row(file) ?? '';
		if (file === 'README.md') expect(line).toContain(pixelRangeText([min, max]));
		for (const part of [areaText(min), areaText(max), `${min}–${max}`])
			expect(line).toContain(part);
	});
});
