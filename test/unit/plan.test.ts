/**
 * nodes/Wanx/api/plan.ts against the request rules of docs/dashscope-notes.md §1.2, §1.3,
 * §2 and §4.4, and against the complete request examples of the wan2.6 API reference (S1, S2 in
 * §0).
 */
import type { GenerateInput, ImageInput } from '../../nodes/Wanx/api/generateInput';
import { PATHS, planGenerate, type Endpoint } from '../../nodes/Wanx/api/plan';
import type { GenerationParameters } from '../../nodes/Wanx/api/dashScopeBodies';
import { validateGenerateInput } from '../../nodes/Wanx/api/validate';

const SYNC = '/api/v1/services/aigc/multimodal-generation/generation';
const ASYNC = '/api/v1/services/aigc/image-generation/generation';

const ASYNC_HEADERS = { 'X-DashScope-Async': 'enable' };
const SSE_HEADERS = {
	'X-DashScope-Sse': 'enable',
	Accept: 'text/event-stream',
	'X-Accel-Buffering': 'no',
};
const OSS_HEADERS = { 'X-DashScope-OssResourceResolve': 'enable' };

const img = (value: string, position = 1): ImageInput => ({
	label: `Reference Image ${position}`,
	value,
});
const URL_A = 'https://example.com/a.png';
const URL_B = 'https://example.com/b.jpg';
const URL_C = 'http://example.com/c.webp';
const DATA_D = 'data:image/png;base64,iVBORw0KGgo=';
const OSS_E = 'oss://dashscope-instant/abc/2026-01-01/e.png';

function input(overrides: Partial<GenerateInput> = {}): GenerateInput {
	return {
		model: 'wan2.6-image',
		mode: 'edit',
		prompt: 'Make it blue',
		images: [img(URL_A)],
		size: 'auto',
		n: 1,
		maxImages: 5,
		...overrides,
	};
}

interface Expected {
	path: string;
	headers: Record<string, string>;
	content: Array<{ text: string } | { image: string }>;
	parameters: GenerationParameters;
	stream: boolean;
	model?: string;
}

const ROWS: Array<[string, Partial<GenerateInput>, Endpoint, Expected]> = [
	[
		'edit, sync, size auto: n always sent, no size, no headers',
		{},
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: { enable_interleave: false, n: 1 },
			stream: false,
		},
	],
	[
		'edit, async: only the async header is added, same body',
		{},
		'async',
		{
			path: ASYNC,
			headers: ASYNC_HEADERS,
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: { enable_interleave: false, n: 1 },
			stream: false,
		},
	],
	[
		'edit, size "" is treated like auto',
		{ size: '', n: 4 },
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: { enable_interleave: false, n: 4 },
			stream: false,
		},
	],
	[
		'edit, every optional parameter set; WxH normalized to W*H',
		{
			n: 3,
			size: '1280x720',
			promptExtend: false,
			watermark: true,
			seed: 42,
			negativePrompt: 'blurry, low quality',
		},
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: {
				enable_interleave: false,
				n: 3,
				size: '1280*720',
				prompt_extend: false,
				watermark: true,
				seed: 42,
				negative_prompt: 'blurry, low quality',
			},
			stream: false,
		},
	],
	[
		'edit, seed 0 and watermark false are "set" and sent; prompt_extend true sent',
		{ seed: 0, watermark: false, promptExtend: true, size: '2K' },
		'async',
		{
			path: ASYNC,
			headers: ASYNC_HEADERS,
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: {
				enable_interleave: false,
				n: 1,
				seed: 0,
				watermark: false,
				prompt_extend: true,
				size: '2K',
			},
			stream: false,
		},
	],
	[
		'edit, tier 1K passed as is; empty negative prompt is not sent',
		{ size: '1K', negativePrompt: '' },
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: { enable_interleave: false, n: 1, size: '1K' },
			stream: false,
		},
	],
	[
		'edit, "960 × 1280" and uppercase X normalize to *',
		{ size: ' 960 × 1280 ' },
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: { enable_interleave: false, n: 1, size: '960*1280' },
			stream: false,
		},
	],
	[
		'edit, 1280X960 normalizes to 1280*960',
		{ size: '1280X960' },
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [{ text: 'Make it blue' }, { image: URL_A }],
			parameters: { enable_interleave: false, n: 1, size: '1280*960' },
			stream: false,
		},
	],
	[
		'edit, four images keep their order after the text; values trimmed; model trimmed',
		{
			model: '  wan2.6-image ',
			images: [img(URL_B, 1), img(` ${URL_A}  `, 2), img(DATA_D, 3), img(URL_C, 4)],
		},
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [
				{ text: 'Make it blue' },
				{ image: URL_B },
				{ image: URL_A },
				{ image: DATA_D },
				{ image: URL_C },
			],
			parameters: { enable_interleave: false, n: 1 },
			stream: false,
			model: 'wan2.6-image',
		},
	],
	[
		'edit, an oss:// image anywhere adds the OSS resolve header',
		{ images: [img(URL_A, 1), img(OSS_E, 2)] },
		'sync',
		{
			path: SYNC,
			headers: OSS_HEADERS,
			content: [{ text: 'Make it blue' }, { image: URL_A }, { image: OSS_E }],
			parameters: { enable_interleave: false, n: 1 },
			stream: false,
		},
	],
	[
		'edit, async + OSS (case-insensitive scheme): both headers',
		{ images: [img('OSS://bucket/key.png')] },
		'async',
		{
			path: ASYNC,
			headers: { ...ASYNC_HEADERS, ...OSS_HEADERS },
			content: [{ text: 'Make it blue' }, { image: 'OSS://bucket/key.png' }],
			parameters: { enable_interleave: false, n: 1 },
			stream: false,
		},
	],
	[
		'edit, a data URI is not an OSS reference',
		{ images: [img(DATA_D)] },
		'sync',
		{
			path: SYNC,
			headers: {},
			content: [{ text: 'Make it blue' }, { image: DATA_D }],
			parameters: { enable_interleave: false, n: 1 },
			stream: false,
		},
	],
	[
		'interleave, sync: SSE headers + stream:true; max_images, never n, never prompt_extend',
		{ mode: 'interleave', images: [], n: 4, maxImages: 3, promptExtend: true, size: '1280*1280' },
		'sync',
		{
			path: SYNC,
			headers: SSE_HEADERS,
			content: [{ text: 'Make it blue' }],
			parameters: { enable_interleave: true, max_images: 3, size: '1280*1280', stream: true },
			stream: true,
		},
	],
	[
		'interleave, async: no SSE header, no stream, no n',
		{ mode: 'interleave', images: [], n: 2, maxImages: 3, promptExtend: false, size: '1280*1280' },
		'async',
		{
			path: ASYNC,
			headers: ASYNC_HEADERS,
			content: [{ text: 'Make it blue' }],
			parameters: { enable_interleave: true, max_images: 3, size: '1280*1280' },
			stream: false,
		},
	],
	[
		'interleave, sync, size auto, one image, optional parameters passed through',
		{
			mode: 'interleave',
			images: [img(URL_B)],
			maxImages: 5,
			seed: 2147483647,
			watermark: true,
			negativePrompt: 'text',
		},
		'sync',
		{
			path: SYNC,
			headers: SSE_HEADERS,
			content: [{ text: 'Make it blue' }, { image: URL_B }],
			parameters: {
				enable_interleave: true,
				max_images: 5,
				seed: 2147483647,
				watermark: true,
				negative_prompt: 'text',
				stream: true,
			},
			stream: true,
		},
	],
	[
		'interleave, sync with an oss:// image: SSE + OSS headers',
		{ mode: 'interleave', images: [img(OSS_E)], maxImages: 1, size: '768x768' },
		'sync',
		{
			path: SYNC,
			headers: { ...SSE_HEADERS, ...OSS_HEADERS },
			content: [{ text: 'Make it blue' }, { image: OSS_E }],
			parameters: { enable_interleave: true, max_images: 1, size: '768*768', stream: true },
			stream: true,
		},
	],
	[
		'interleave, async with an oss:// image: async + OSS headers',
		{ mode: 'interleave', images: [img(OSS_E)], maxImages: 2 },
		'async',
		{
			path: ASYNC,
			headers: { ...ASYNC_HEADERS, ...OSS_HEADERS },
			content: [{ text: 'Make it blue' }, { image: OSS_E }],
			parameters: { enable_interleave: true, max_images: 2 },
			stream: false,
		},
	],
];

describe('planGenerate: parameter sets → request', () => {
	it.each(ROWS)('%s (%#)', (_title, overrides, endpoint, expected) => {
		const plan = planGenerate(input(overrides), endpoint);
		expect(plan).toStrictEqual({
			method: 'POST',
			path: expected.path,
			headers: expected.headers,
			stream: expected.stream,
			// The plan declares its model for the account's per-model submission gate.
			model: expected.model ?? 'wan2.6-image',
			body: {
				model: expected.model ?? 'wan2.6-image',
				input: { messages: [{ role: 'user', content: expected.content }] },
				parameters: expected.parameters,
			},
		});
	});

	it.each(ROWS)('text is the first and only text item: %s', (_title, overrides, endpoint) => {
		const { content } = planGenerate(input(overrides), endpoint).body.input.messages[0];
		expect(content[0]).toStrictEqual({ text: 'Make it blue' });
		expect(content.slice(1).every((item) => 'image' in item && !('text' in item))).toBe(true);
	});

	it.each(ROWS)('header/parameter consistency (§4.4): %s', (_title, overrides, endpoint) => {
		const plan = planGenerate(input(overrides), endpoint);
		const sse = plan.headers['X-DashScope-Sse'] === 'enable';
		expect(plan.body.parameters.stream === true).toBe(sse);
		expect(plan.stream).toBe(sse);
		expect(sse).toBe(endpoint === 'sync' && plan.body.parameters.enable_interleave);
		expect('X-DashScope-Async' in plan.headers).toBe(endpoint === 'async');
		expect(plan.path).toBe(endpoint === 'async' ? ASYNC : SYNC);
	});
});

describe('PATHS', () => {
	it.each([
		['sync', PATHS.sync, SYNC],
		['async', PATHS.async, ASYNC],
		[
			'task',
			PATHS.task('858cad55-4bdc-4ba3-ae6c-xxxxxx'),
			'/api/v1/tasks/858cad55-4bdc-4ba3-ae6c-xxxxxx',
		],
		['task with slash escaped', PATHS.task('a/../b'), '/api/v1/tasks/a%2F..%2Fb'],
		['cancel', PATHS.cancel('0385dc79-5ff8'), '/api/v1/tasks/0385dc79-5ff8/cancel'],
		['cancel with ? escaped', PATHS.cancel('x?y'), '/api/v1/tasks/x%3Fy/cancel'],
	])('%s', (_title, actual, expected) => {
		expect(actual).toBe(expected);
	});
});

// ---- S1/S2: the documented requests, verbatim ---------------------------------------------------

const DOC_HOST = 'https://dashscope-intl.aliyuncs.com';

/** S1/S2 "Edit, sync", the -d body verbatim (line breaks inside the JSON are whitespace). */
const DOC_EDIT_BODY =
	JSON.parse(`{"model":"wan2.6-image","input":{"messages":[{"role":"user","content":[
      {"text":"Generate a tomato and egg stir-fry based on the style of image 1 and the background of image 2"},
      {"image":"https://cdn.wanx.aliyuncs.com/tmp/pressure/umbrella1.png"},
      {"image":"https://img.alicdn.com/imgextra/i3/O1CN01SfG4J41UYn9WNt4X1_!!6000000002530-49-tps-1696-960.webp"}]}]},
      "parameters":{"prompt_extend":true,"watermark":false,"n":1,"enable_interleave":false,"size":"1K"}}`);

/** S1/S2 "Interleave, sync (SSE only)", verbatim. */
const DOC_INTERLEAVE_SYNC_BODY =
	JSON.parse(`{"model":"wan2.6-image","input":{"messages":[{"role":"user","content":[
      {"text":"Give me a 3-image tutorial for stir-fried pork with chili peppers"}]}]},
      "parameters":{"max_images":3,"size":"1280*1280","stream":true,"enable_interleave":true}}`);

/** S1/S2 "Async, interleave": the sync body with the documented parameters and no stream. */
const DOC_INTERLEAVE_ASYNC_BODY = {
	...DOC_INTERLEAVE_SYNC_BODY,
	parameters: JSON.parse('{"max_images":3,"size":"1280*1280","enable_interleave":true}'),
};

const DOC_EDIT_INPUT = input({
	prompt:
		'Generate a tomato and egg stir-fry based on the style of image 1 and the background of image 2',
	images: [
		img('https://cdn.wanx.aliyuncs.com/tmp/pressure/umbrella1.png', 1),
		img(
			'https://img.alicdn.com/imgextra/i3/O1CN01SfG4J41UYn9WNt4X1_!!6000000002530-49-tps-1696-960.webp',
			2,
		),
	],
	size: '1K',
	n: 1,
	promptExtend: true,
	watermark: false,
});

const DOC_INTERLEAVE_INPUT = input({
	mode: 'interleave',
	prompt: 'Give me a 3-image tutorial for stir-fried pork with chili peppers',
	images: [],
	maxImages: 3,
	size: '1280*1280',
});

describe('documented request examples (S1, S2)', () => {
	it.each([
		[
			'Edit, sync',
			DOC_EDIT_INPUT,
			'sync' as Endpoint,
			`${DOC_HOST}/api/v1/services/aigc/multimodal-generation/generation`,
			{},
			DOC_EDIT_BODY,
		],
		[
			'Async, edit (same body, async path, one header)',
			DOC_EDIT_INPUT,
			'async' as Endpoint,
			`${DOC_HOST}/api/v1/services/aigc/image-generation/generation`,
			{ 'X-DashScope-Async': 'enable' },
			DOC_EDIT_BODY,
		],
		[
			'Interleave, sync (SSE only)',
			DOC_INTERLEAVE_INPUT,
			'sync' as Endpoint,
			`${DOC_HOST}/api/v1/services/aigc/multimodal-generation/generation`,
			{ 'X-DashScope-Sse': 'enable' },
			DOC_INTERLEAVE_SYNC_BODY,
		],
		[
			'Async, interleave (no stream)',
			DOC_INTERLEAVE_INPUT,
			'async' as Endpoint,
			`${DOC_HOST}/api/v1/services/aigc/image-generation/generation`,
			{ 'X-DashScope-Async': 'enable' },
			DOC_INTERLEAVE_ASYNC_BODY,
		],
	])('%s', (_title, docInput, endpoint, docUrl, docHeaders, docBody) => {
		expect(validateGenerateInput(docInput)).toBeUndefined();
		const plan = planGenerate(docInput, endpoint);
		expect(DOC_HOST + plan.path).toBe(docUrl);
		// Every documented header is sent; Content-Type and Authorization come from the transport.
		expect(plan.headers).toMatchObject(docHeaders);
		expect(plan.body).toStrictEqual(docBody);
		// The wire form is the same JSON (key order aside).
		expect(JSON.parse(JSON.stringify(plan.body))).toEqual(docBody);
	});
});
