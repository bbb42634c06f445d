/**
 * nodes/Wanx/api/parse.ts against the responses documented in docs/dashscope-notes.md
 * §3 and the error bodies of §4.1 and §5. JSON marked "verbatim" is copied character for
 * character from the documented examples (the pages cited as S1/S2 in docs/dashscope-notes.md §0),
 * including their "…" and "xxx" placeholders.
 */
import {
	appendParts,
	errorBody,
	isFinalStatus,
	noteFewerImages,
	parseGeneration,
	resultFromParts,
	taskError,
	taskTimeToMs,
	type GenerationResult,
	type Part,
} from '../../nodes/Wanx/api/parse';
import type { Choice, TaskResponse, TaskStatus } from '../../nodes/Wanx/api/dashScopeBodies';
import type { Mode } from '../../nodes/Wanx/api/modelRule';

const MODEL = 'wan2.6-image';

// ---- documented responses (§3), verbatim --------------------------------------------------------

/** §3.1 Sync, non-streaming success (edit). */
const DOC_SYNC_EDIT = `{
  "output": {
    "choices": [
      {
        "finish_reason": "stop",
        "message": {
          "role": "assistant",
          "content": [
            { "type": "image", "image": "https://dashscope-result-intl.oss-cn-singapore.aliyuncs.com/xxx.png?Expires=xxx" }
          ]
        }
      }
    ],
    "finished": true
  },
  "usage": { "image_count": 1, "input_tokens": 0, "output_tokens": 0, "size": "1376*768", "total_tokens": 0 },
  "request_id": "a3f4befe-cacd-49c9-8298-xxxxxx"
}`;

/** §3.2 Async create. */
const DOC_ASYNC_CREATE = `{ "output": { "task_status": "PENDING", "task_id": "0385dc79-5ff8-4d82-bcb6-xxxxxx" }, "request_id": "4909100c-7b5a-9f92-bfe5-xxxxxx" }`;

/** §3.3 Edit, SUCCEEDED (n=2). */
const DOC_SUCCEEDED_N2 = `{
  "request_id": "43d9e959-25bc-4dc7-9888-xxxxxx",
  "output": {
    "task_id": "858cad55-4bdc-4ba3-ae6c-xxxxxx",
    "task_status": "SUCCEEDED",
    "submit_time": "2025-12-16 04:21:02.275",
    "scheduled_time": "2025-12-16 04:21:02.304",
    "end_time": "2025-12-16 04:24:46.658",
    "finished": true,
    "choices": [
      { "finish_reason": "stop", "message": { "role": "assistant", "content": [ { "image": "https://…/1xxx.png?Expires=xxx", "type": "image" } ] } },
      { "finish_reason": "stop", "message": { "role": "assistant", "content": [ { "image": "https://…/2xxx.png?Expires=xxx", "type": "image" } ] } }
    ]
  },
  "usage": { "size": "1376*768", "total_tokens": 0, "image_count": 2, "output_tokens": 0, "input_tokens": 0 }
}`;

/** §3.3 Interleave, SUCCEEDED: one choice, text and image alternating. */
const DOC_INTERLEAVE = `{
  "output": {
    "task_id": "5c67585e-…", "task_status": "SUCCEEDED",
    "submit_time": "2026-01-16 17:47:39.469", "scheduled_time": "2026-01-16 17:47:39.804", "end_time": "2026-01-16 17:49:46.736",
    "finished": true,
    "choices": [ { "finish_reason": "stop", "message": { "role": "assistant", "content": [
      { "type": "text",  "text": "Stir-fried pork with chili peppers is a classic Hunan dish… First, preparing all the ingredients…" },
      { "type": "image", "image": "https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=xxx" },
      { "type": "text",  "text": "Next is the crucial stir-frying step…" },
      { "type": "image", "image": "https://…" },
      { "type": "text",  "text": "Finally, add…" },
      { "type": "image", "image": "https://…" }
    ] } } ]
  },
  "usage": { "input_tokens": 29, "output_tokens": 477, "size": "1280*1280", "total_tokens": 506, "image_count": 3 },
  "request_id": "997a759b-…"
}`;

/** §3.3 RUNNING (older-style Wan task, with task_metrics). */
const DOC_RUNNING = `{ "request_id": "e5d70b02-…", "output": { "task_id": "13b1848b-…", "task_status": "RUNNING", "task_metrics": { "TOTAL": 1, "SUCCEEDED": 1, "FAILED": 0 } } }`;

/** §3.3 FAILED, code and message inside output. */
const DOC_FAILED = `{
  "request_id": "dccfdf23-b38e-97a6-a07b-f35118c1ada6",
  "output": {
    "task_id": "4cbabbdf-2c1f-43f4-b983-c2cc47f4c115",
    "task_status": "FAILED",
    "submit_time": "2024-05-16 14:15:14.103",
    "scheduled_time": "2024-05-16 14:15:14.154",
    "end_time": "2024-05-16 14:15:14.694",
    "code": "InvalidParameter.FileDownload",
    "message": "download for input_image error"
  }
}`;

/** §3.3 the wan2.6 page's "Task error" example: code and message at the top level. */
const DOC_TASK_ERROR = `{"request_id":"a4d78a5f-…","code":"InvalidParameter","message":"num_images_per_prompt must be 1"}`;

/**
 * §3.3 UNKNOWN has no printed body; this is the documented status in the §3.2/§3.3 envelope
 * (constructed, not verbatim).
 */
const UNKNOWN = `{ "request_id": "7e1c0b7e-…", "output": { "task_id": "00000000-0000-4000-8000-000000000000", "task_status": "UNKNOWN" } }`;

/** §3.3 second FAILED example (another Wan model): usage image_count 0 and a format error (constructed from the prose). */
const FAILED_WITH_USAGE = `{ "request_id": "r-2", "output": { "task_id": "t-2", "task_status": "FAILED", "code": "BadRequest.UnsupportedFileFormat", "message": "Input file format is not supported." }, "usage": { "image_count": 0 } }`;

const INTERLEAVE_URL_1 =
	'https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=xxx';
const INTERLEAVE_PARTS: Part[] = [
	{
		type: 'text',
		text: 'Stir-fried pork with chili peppers is a classic Hunan dish… First, preparing all the ingredients…',
	},
	{ type: 'image', url: INTERLEAVE_URL_1 },
	{ type: 'text', text: 'Next is the crucial stir-frying step…' },
	{ type: 'image', url: 'https://…' },
	{ type: 'text', text: 'Finally, add…' },
	{ type: 'image', url: 'https://…' },
];

describe('parseGeneration: every documented response → node output', () => {
	it.each<[string, string, Mode, GenerationResult]>([
		[
			'§3.1 sync edit success',
			DOC_SYNC_EDIT,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: ['https://dashscope-result-intl.oss-cn-singapore.aliyuncs.com/xxx.png?Expires=xxx'],
				usage: {
					image_count: 1,
					input_tokens: 0,
					output_tokens: 0,
					size: '1376*768',
					total_tokens: 0,
				},
				requestId: 'a3f4befe-cacd-49c9-8298-xxxxxx',
			},
		],
		[
			'§3.2 async create (PENDING)',
			DOC_ASYNC_CREATE,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: [],
				requestId: '4909100c-7b5a-9f92-bfe5-xxxxxx',
				taskId: '0385dc79-5ff8-4d82-bcb6-xxxxxx',
				taskStatus: 'PENDING',
			},
		],
		[
			'§3.3 SUCCEEDED n=2: one image per choice, in order',
			DOC_SUCCEEDED_N2,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: ['https://…/1xxx.png?Expires=xxx', 'https://…/2xxx.png?Expires=xxx'],
				usage: {
					size: '1376*768',
					total_tokens: 0,
					image_count: 2,
					output_tokens: 0,
					input_tokens: 0,
				},
				requestId: '43d9e959-25bc-4dc7-9888-xxxxxx',
				taskId: '858cad55-4bdc-4ba3-ae6c-xxxxxx',
				taskStatus: 'SUCCEEDED',
				submitTime: '2025-12-16 04:21:02.275',
				scheduledTime: '2025-12-16 04:21:02.304',
				endTime: '2025-12-16 04:24:46.658',
			},
		],
		[
			'§3.3 interleave SUCCEEDED: text joined by blank lines, parts in order',
			DOC_INTERLEAVE,
			'interleave',
			{
				model: MODEL,
				mode: 'interleave',
				images: [INTERLEAVE_URL_1, 'https://…', 'https://…'],
				text:
					'Stir-fried pork with chili peppers is a classic Hunan dish… First, preparing all the ingredients…' +
					'\n\nNext is the crucial stir-frying step…\n\nFinally, add…',
				parts: INTERLEAVE_PARTS,
				usage: {
					input_tokens: 29,
					output_tokens: 477,
					size: '1280*1280',
					total_tokens: 506,
					image_count: 3,
				},
				requestId: '997a759b-…',
				taskId: '5c67585e-…',
				taskStatus: 'SUCCEEDED',
				submitTime: '2026-01-16 17:47:39.469',
				scheduledTime: '2026-01-16 17:47:39.804',
				endTime: '2026-01-16 17:49:46.736',
			},
		],
		[
			'§3.3 interleave SUCCEEDED read in edit mode: images only, no text or parts',
			DOC_INTERLEAVE,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: [INTERLEAVE_URL_1, 'https://…', 'https://…'],
				usage: {
					input_tokens: 29,
					output_tokens: 477,
					size: '1280*1280',
					total_tokens: 506,
					image_count: 3,
				},
				requestId: '997a759b-…',
				taskId: '5c67585e-…',
				taskStatus: 'SUCCEEDED',
				submitTime: '2026-01-16 17:47:39.469',
				scheduledTime: '2026-01-16 17:47:39.804',
				endTime: '2026-01-16 17:49:46.736',
			},
		],
		[
			'§3.3 RUNNING: no images, task_metrics ignored',
			DOC_RUNNING,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: [],
				requestId: 'e5d70b02-…',
				taskId: '13b1848b-…',
				taskStatus: 'RUNNING',
			},
		],
		[
			'§3.3 FAILED (code in output): status and times, no images',
			DOC_FAILED,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: [],
				requestId: 'dccfdf23-b38e-97a6-a07b-f35118c1ada6',
				taskId: '4cbabbdf-2c1f-43f4-b983-c2cc47f4c115',
				taskStatus: 'FAILED',
				submitTime: '2024-05-16 14:15:14.103',
				scheduledTime: '2024-05-16 14:15:14.154',
				endTime: '2024-05-16 14:15:14.694',
			},
		],
		[
			'§3.3 top-level "task error": only the request id',
			DOC_TASK_ERROR,
			'edit',
			{ model: MODEL, mode: 'edit', images: [], requestId: 'a4d78a5f-…' },
		],
		[
			'§3.3 UNKNOWN',
			UNKNOWN,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: [],
				requestId: '7e1c0b7e-…',
				taskId: '00000000-0000-4000-8000-000000000000',
				taskStatus: 'UNKNOWN',
			},
		],
		[
			'FAILED with usage image_count 0',
			FAILED_WITH_USAGE,
			'edit',
			{
				model: MODEL,
				mode: 'edit',
				images: [],
				usage: { image_count: 0 },
				requestId: 'r-2',
				taskId: 't-2',
				taskStatus: 'FAILED',
			},
		],
	])('%s', (_title, json, mode, expected) => {
		expect(parseGeneration(JSON.parse(json), MODEL, mode)).toStrictEqual(expected);
	});

	it('§3.3 SUCCEEDED n=2: usage.image_count equals the number of images', () => {
		const result = parseGeneration(JSON.parse(DOC_SUCCEEDED_N2), MODEL, 'edit');
		expect(result.images).toHaveLength(result.usage?.image_count ?? -1);
	});
});

describe('parseGeneration: shapes the docs leave open', () => {
	const choice = (
		...content: Array<{ type?: 'text'; text: string } | { type?: 'image'; image: string }>
	): Choice => ({
		finish_reason: 'stop',
		message: { role: 'assistant', content },
	});
	it.each<[string, Parameters<typeof parseGeneration>[0], Mode, Partial<GenerationResult>]>([
		['no output at all', {}, 'edit', { images: [] }],
		['output without choices', { output: { finished: true } }, 'edit', { images: [] }],
		[
			'choice without message',
			{ output: { choices: [{ finish_reason: 'stop' }] } },
			'edit',
			{ images: [] },
		],
		[
			'image items without "type"',
			{ output: { choices: [choice({ image: 'https://x/1.png' }, { image: 'https://x/2.png' })] } },
			'edit',
			{ images: ['https://x/1.png', 'https://x/2.png'] },
		],
		[
			'interleave: consecutive text items merge into one part',
			{
				output: {
					choices: [
						choice(
							{ type: 'text', text: 'Chili' },
							{ type: 'text', text: ' pork' },
							{ type: 'image', image: 'https://x/1.png' },
						),
					],
				},
			},
			'interleave',
			{
				images: ['https://x/1.png'],
				text: 'Chili pork',
				parts: [
					{ type: 'text', text: 'Chili pork' },
					{ type: 'image', url: 'https://x/1.png' },
				],
			},
		],
		[
			'interleave: images across choices and text after the last image',
			{
				output: {
					choices: [
						choice({ type: 'image', image: 'https://x/1.png' }),
						choice({ type: 'image', image: 'https://x/2.png' }, { type: 'text', text: 'Done.' }),
					],
				},
			},
			'interleave',
			{
				images: ['https://x/1.png', 'https://x/2.png'],
				text: 'Done.',
				parts: [
					{ type: 'image', url: 'https://x/1.png' },
					{ type: 'image', url: 'https://x/2.png' },
					{ type: 'text', text: 'Done.' },
				],
			},
		],
	])('%s', (_title, response, mode, expected) => {
		expect(parseGeneration(response, MODEL, mode)).toStrictEqual({
			model: MODEL,
			mode,
			...expected,
		});
	});
});

describe('appendParts + resultFromParts (the SSE accumulation of §4.3)', () => {
	/** §4.2, the last two documented chunks, verbatim. */
	const DOC_42_TEXT_DOT =
		'{"usage":{"input_tokens":28,"output_tokens":417,"total_tokens":445,"image_count":2,"size":"1280*1280"},"output":{"choices":[{"finish_reason":"null","message":{"role":"assistant","content":[{"type":"text","text":"."}]}}],"finished":false}}';
	const DOC_42_FINAL_IMAGE =
		'{"usage":{"input_tokens":28,"output_tokens":541,"total_tokens":569,"image_count":3,"size":"1280*1280"},"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[{"type":"image","image":"https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=xxx"}]}}],"finished":true}}';
	const textChunk = (text: string): Choice[] => [
		{ finish_reason: 'null', message: { role: 'assistant', content: [{ type: 'text', text }] } },
	];
	const imageChunk = (image: string): Choice[] => [
		{ finish_reason: 'null', message: { role: 'assistant', content: [{ type: 'image', image }] } },
	];

	it.each<[string, Choice[][], Part[]]>([
		['nothing', [], []],
		['undefined choices', [undefined as unknown as Choice[]], []],
		[
			'text deltas merge across chunks',
			[textChunk('Chili'), textChunk(' fried'), textChunk(' pork')],
			[{ type: 'text', text: 'Chili fried pork' }],
		],
		[
			'an image splits the text',
			[textChunk('A'), textChunk('B'), imageChunk('https://x/1.png'), textChunk('C')],
			[
				{ type: 'text', text: 'AB' },
				{ type: 'image', url: 'https://x/1.png' },
				{ type: 'text', text: 'C' },
			],
		],
		[
			'two images in a row stay two parts',
			[imageChunk('https://x/1.png'), imageChunk('https://x/2.png')],
			[
				{ type: 'image', url: 'https://x/1.png' },
				{ type: 'image', url: 'https://x/2.png' },
			],
		],
		[
			'§4.2 documented last two chunks after earlier text',
			[
				textChunk('Step two'),
				JSON.parse(DOC_42_TEXT_DOT).output.choices,
				JSON.parse(DOC_42_FINAL_IMAGE).output.choices,
			],
			[
				{ type: 'text', text: 'Step two.' },
				{
					type: 'image',
					url: 'https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=xxx',
				},
			],
		],
	])('%s', (_title, chunks, expected) => {
		const parts: Part[] = [];
		for (const choices of chunks) appendParts(parts, choices);
		expect(parts).toStrictEqual(expected);
	});

	it.each<[Mode, Part[], GenerationResult]>([
		[
			'edit',
			INTERLEAVE_PARTS,
			{ model: MODEL, mode: 'edit', images: [INTERLEAVE_URL_1, 'https://…', 'https://…'] },
		],
		[
			'interleave',
			INTERLEAVE_PARTS,
			{
				model: MODEL,
				mode: 'interleave',
				images: [INTERLEAVE_URL_1, 'https://…', 'https://…'],
				text: `${(INTERLEAVE_PARTS[0] as { text: string }).text}\n\nNext is the crucial stir-frying step…\n\nFinally, add…`,
				parts: INTERLEAVE_PARTS,
			},
		],
		[
			'interleave',
			[{ type: 'image', url: 'https://x/1.png' }],
			{
				model: MODEL,
				mode: 'interleave',
				images: ['https://x/1.png'],
				text: '',
				parts: [{ type: 'image', url: 'https://x/1.png' }],
			},
		],
	])('resultFromParts %s', (mode, parts, expected) => {
		expect(resultFromParts(MODEL, mode, parts)).toStrictEqual(expected);
	});
});

describe('taskError: code and message from either location', () => {
	it.each<[string, TaskResponse, { code?: string; message?: string }]>([
		[
			'§3.3 FAILED, in output',
			JSON.parse(DOC_FAILED),
			{ code: 'InvalidParameter.FileDownload', message: 'download for input_image error' },
		],
		[
			'§3.3 task error, at top level',
			JSON.parse(DOC_TASK_ERROR),
			{ code: 'InvalidParameter', message: 'num_images_per_prompt must be 1' },
		],
		[
			'FAILED with usage',
			JSON.parse(FAILED_WITH_USAGE),
			{ code: 'BadRequest.UnsupportedFileFormat', message: 'Input file format is not supported.' },
		],
		[
			'both present: output wins',
			{
				code: 'Top',
				message: 'top message',
				output: { task_status: 'FAILED', code: 'Inner', message: 'inner message' },
			},
			{ code: 'Inner', message: 'inner message' },
		],
		['§3.3 SUCCEEDED: none', JSON.parse(DOC_SUCCEEDED_N2), { code: undefined, message: undefined }],
		['§3.3 UNKNOWN: none', JSON.parse(UNKNOWN), { code: undefined, message: undefined }],
		['empty body', {}, { code: undefined, message: undefined }],
	])('%s', (_title, response, expected) => {
		expect(taskError(response)).toStrictEqual(expected);
	});
});

describe('errorBody: {code, message, request_id} from whatever came back', () => {
	const DOC_51 = {
		code: 'InvalidApiKey',
		message: 'No API-key provided.',
		request_id: '7438d53d-6eb8-4596-8835-xxxxxx',
	};
	const DOC_51_ARREARAGE = {
		request_id: 'req-1',
		code: 'Arrearage',
		type: 'Arrearage',
		message: 'Access denied, please make sure your account is in good standing.',
	};
	const DOC_SSE_ERROR_PAYLOAD = {
		request_id: '566e3621…',
		code: 'Throttling.AllocationQuota',
		message: 'Allocated quota exceeded',
	};
	/** §4.1 error frame, verbatim. */
	const DOC_SSE_ERROR =
		'id:1\nevent:error\n:HTTP_STATUS/429\ndata:{"request_id":"566e3621…","code":"Throttling.AllocationQuota","message":"Allocated quota exceeded"}';
	const HTML = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(600)}</body></html>`;

	it.each<[string, unknown, unknown]>([
		['§5.1 JSON object', DOC_51, DOC_51],
		['§5.1 JSON object with "type"', DOC_51_ARREARAGE, DOC_51_ARREARAGE],
		['§5.1 as a JSON string', JSON.stringify(DOC_51), DOC_51],
		[
			'§5.1 as a pretty JSON string with surrounding whitespace',
			`\n  ${JSON.stringify(DOC_51, null, 2)}\n`,
			DOC_51,
		],
		['§4.1 SSE error frame', DOC_SSE_ERROR, DOC_SSE_ERROR_PAYLOAD],
		[
			'§4.1 SSE error frame with its blank-line terminator',
			`${DOC_SSE_ERROR}\n\n`,
			DOC_SSE_ERROR_PAYLOAD,
		],
		[
			'§4.1 SSE error frame with CRLF line ends',
			`${DOC_SSE_ERROR.split('\n').join('\r\n')}\r\n\r\n`,
			DOC_SSE_ERROR_PAYLOAD,
		],
		[
			'SSE error frame with "data: " (space after the colon)',
			DOC_SSE_ERROR.replace('data:', 'data: '),
			DOC_SSE_ERROR_PAYLOAD,
		],
		['plain text', 'Bad Gateway', { message: 'Bad Gateway' }],
		['plain text, trimmed', '  upstream connect error \n', { message: 'upstream connect error' }],
		['long HTML, cut to 500 characters', HTML, { message: HTML.slice(0, 500) }],
		[
			'a JSON string that is not an object',
			'"Service Unavailable"',
			{ message: '"Service Unavailable"' },
		],
		[
			'SSE frame whose data is not JSON',
			'id:1\nevent:error\ndata:oops',
			{ message: 'id:1\nevent:error\ndata:oops' },
		],
		['empty string', '', {}],
		['whitespace only', ' \n ', {}],
		['undefined', undefined, {}],
		['null', null, {}],
		['a number', 502, {}],
		['an array object', [DOC_51], {}],
	])('%s', (_title, body, expected) => {
		expect(errorBody(body)).toStrictEqual(expected);
	});
});

describe('isFinalStatus', () => {
	it.each<[TaskStatus | undefined, boolean]>([
		['SUCCEEDED', true],
		['FAILED', true],
		['CANCELED', true],
		['UNKNOWN', true],
		['PENDING', false],
		['RUNNING', false],
		['SUSPENDED', false],
		[undefined, false],
	])('%s → %s', (status, expected) => {
		expect(isFinalStatus(status)).toBe(expected);
	});
});

describe('taskTimeToMs: UTC+8 without a zone → epoch ms', () => {
	it.each<[string | undefined, number | undefined]>([
		['2025-12-16 04:21:02.275', Date.UTC(2025, 11, 15, 20, 21, 2, 275)],
		['2025-12-16 04:21:02.275', Date.parse('2025-12-15T20:21:02.275Z')],
		['2025-12-16 04:21:02.275', Date.parse('2025-12-16T04:21:02.275+08:00')],
		['2026-01-16 17:47:39.469', Date.parse('2026-01-16T09:47:39.469Z')],
		['2026-01-01 03:00:00.000', Date.parse('2025-12-31T19:00:00.000Z')],
		['2024-03-01 07:59:59.9', Date.parse('2024-02-29T23:59:59.900Z')],
		['2024-05-16 14:15:14.05', Date.parse('2024-05-16T06:15:14.050Z')],
		['2025-12-16 04:21:02', Date.parse('2025-12-15T20:21:02.000Z')],
		['2025-12-16T04:21:02.275', Date.parse('2025-12-15T20:21:02.275Z')],
		['  2025-12-16 08:00:00.000 ', Date.parse('2025-12-16T00:00:00.000Z')],
		[undefined, undefined],
		['', undefined],
		['garbage', undefined],
		['2025-12-16', undefined],
		['2025-12-16 04:21', undefined],
		['2025-12-16 04:21:02.275Z', undefined],
		['2025-12-16T04:21:02.275+08:00', undefined],
	])('%j', (time, expected) => {
		expect(taskTimeToMs(time)).toBe(expected);
	});

	it('is exactly 8 hours before the same wall-clock time read as UTC', () => {
		expect(
			Date.parse('2025-12-16T04:21:02.275Z') - (taskTimeToMs('2025-12-16 04:21:02.275') as number),
		).toBe(8 * 3600 * 1000);
	});

	it('§3.3 SUCCEEDED n=2 ran 3 min 44.383 s from submit to end', () => {
		const { output } = JSON.parse(DOC_SUCCEEDED_N2) as TaskResponse;
		expect(
			(taskTimeToMs(output?.end_time) as number) - (taskTimeToMs(output?.submit_time) as number),
		).toBe(224_383);
	});
});

describe('noteFewerImages', () => {
	const result = (count: number, mode: 'edit' | 'sequential' | 'interleave' = 'edit') => ({
		mode,
		images: Array.from({ length: count }, (_, i) => `https://result.test/${i}.png`),
	});
	test('an image set under its largest size: the count is an upper bound', () => {
		const noted = noteFewerImages(result(3, 'sequential'), {
			model: 'wan2.7-image',
			mode: 'sequential',
			n: 5,
			maxImages: 5,
		});
		expect(noted.imagesRequested).toBe(5);
		expect(noted.notice).toMatch(/^3 of up to 5 images came back: in Image Set mode/);
	});
	test('interleaved output counts max_images, not n', () => {
		const asked = { model: 'wan2.6-image', mode: 'interleave' as const, n: 1, maxImages: 2 };
		expect(noteFewerImages(result(1, 'interleave'), asked).notice).toMatch(/^1 of up to 2/);
		expect(noteFewerImages(result(2, 'interleave'), asked).notice).toBeUndefined();
	});
});
