/**
 * nodes/Wanx/api/sseFrames.ts (decoder) and sseMessage.ts (assembler) against the frames
 * documented in docs/dashscope-notes.md §4.
 * Payload text marked "verbatim" is copied character for character from the reference.
 */
import { SseDecoder, type SseFrame } from '../../nodes/Wanx/api/sseFrames';
import {
	MALFORMED_STREAM,
	StreamAssembler,
	assembleSseAsync,
	type SseResult,
} from '../../nodes/Wanx/api/sseMessage';
import { assembleSse } from './assembleSse';

// ---- documented material (§4.1, §4.2) --------------------------------------------------------

/** §4.1, first frame, verbatim. `"usage":{…}` is an elision in the doc, so this is NOT valid JSON. */
const DOC_41_FIRST_FRAME =
	'id:1\nevent:result\n:HTTP_STATUS/200\n' +
	'data:{"output":{"choices":[{"message":{"content":[{"type":"text","text":"The"}],"role":"assistant"},"finish_reason":"null"}],"finished":false},"usage":{…},"request_id":"…"}\n\n';

/** §4.1 error frame, verbatim. */
const DOC_ERROR_FRAME =
	'id:1\nevent:error\n:HTTP_STATUS/429\n' +
	'data:{"request_id":"566e3621…","code":"Throttling.AllocationQuota","message":"Allocated quota exceeded"}\n\n';

/** §4.2, the last two documented chunks, verbatim (SDK JSON, hence no request_id). */
const DOC_42_TEXT_DOT =
	'{"usage":{"input_tokens":28,"output_tokens":417,"total_tokens":445,"image_count":2,"size":"1280*1280"},"output":{"choices":[{"finish_reason":"null","message":{"role":"assistant","content":[{"type":"text","text":"."}]}}],"finished":false}}';
const DOC_42_FINAL_IMAGE =
	'{"usage":{"input_tokens":28,"output_tokens":541,"total_tokens":569,"image_count":3,"size":"1280*1280"},"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[{"type":"image","image":"https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=xxx"}]}}],"finished":true}}';
const DOC_FINAL_URL =
	'https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=xxx';

const REQ = '5a0b3c1d-2e3f-4a5b-8c6d-xxxxxx';
const URL_1 = 'https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/1.png?Expires=xxx';
const URL_2 = 'https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/2.png?Expires=xxx';

/** The raw `data:` carries `request_id` (§4.2 note); add it to a documented SDK payload. */
function withRequestId(json: string, requestId = REQ): string {
	return json.replace(/}$/, `,"request_id":"${requestId}"}`);
}

/** One frame in the §4.1 wire format. */
function frame(id: number, data: string, event = 'result', status = 200): string {
	return `id:${id}\nevent:${event}\n:HTTP_STATUS/${status}\ndata:${data}\n\n`;
}

type Usage = {
	input_tokens: number;
	output_tokens: number;
	total_tokens: number;
	image_count: number;
	size: string;
};
function usage(output: number, images: number): Usage {
	return {
		input_tokens: 28,
		output_tokens: output,
		total_tokens: 28 + output,
		image_count: images,
		size: images ? '1280*1280' : '0*0',
	};
}

/** A §4.2-shaped chunk: one content item, "null" until the end, `finished` false until the end. */
function chunk(
	content: { type: 'text'; text: string } | { type: 'image'; image: string },
	u: Usage,
	finishReason = 'null',
	extra: Record<string, unknown> = {},
): string {
	return JSON.stringify({
		output: {
			choices: [
				{ message: { content: [content], role: 'assistant' }, finish_reason: finishReason },
			],
			finished: finishReason === 'stop',
		},
		usage: u,
		request_id: REQ,
		...extra,
	});
}

/**
 * The documented interleave stream, rebuilt: text token by token ("Chili", " fried", " pork"),
 * images whole in their own chunks, usage cumulative (image_count 0→1→2→3, size "0*0" until the
 * first image), and the last two chunks exactly as §4.2 prints them (+ request_id).
 */
const PAYLOADS: string[] = [
	chunk({ type: 'text', text: 'Chili' }, usage(1, 0)),
	chunk({ type: 'text', text: ' fried' }, usage(2, 0)),
	chunk({ type: 'text', text: ' pork' }, usage(3, 0)),
	chunk({ type: 'image', image: URL_1 }, usage(130, 1)),
	chunk({ type: 'text', text: 'Step two' }, usage(132, 1)),
	chunk({ type: 'image', image: URL_2 }, usage(260, 2)),
	withRequestId(DOC_42_TEXT_DOT),
	withRequestId(DOC_42_FINAL_IMAGE),
];
const STREAM = PAYLOADS.map((p, i) => frame(i + 1, p)).join('');

const FULL_RESULT: SseResult = {
	parts: [
		{ type: 'text', text: 'Chili fried pork' },
		{ type: 'image', url: URL_1 },
		{ type: 'text', text: 'Step two' },
		{ type: 'image', url: URL_2 },
		{ type: 'text', text: '.' },
		{ type: 'image', url: DOC_FINAL_URL },
	],
	text: 'Chili fried pork\n\nStep two\n\n.',
	images: [URL_1, URL_2, DOC_FINAL_URL],
	usage: {
		input_tokens: 28,
		output_tokens: 541,
		total_tokens: 569,
		image_count: 3,
		size: '1280*1280',
	},
	requestId: REQ,
	frames: 8,
	finished: true,
	finishReason: 'stop',
};

/** Chinese text with a 4-byte character, so byte splits land inside 3- and 4-byte sequences. */
const CN_PAYLOADS = [
	chunk({ type: 'text', text: '青椒' }, usage(2, 0)),
	chunk({ type: 'text', text: '炒肉🌶️是湘菜' }, usage(6, 0)),
	chunk({ type: 'text', text: '。' }, usage(7, 0), 'stop'),
];
const CN_STREAM = CN_PAYLOADS.map((p, i) => frame(i + 1, p)).join('');
const CN_TEXT = '青椒炒肉🌶️是湘菜。';

// ---- helpers ---------------------------------------------------------------------------------

function decodeAll(chunks: Array<string | Uint8Array>): SseFrame[] {
	const d = new SseDecoder();
	const frames = chunks.flatMap((c) => d.push(c));
	return [...frames, ...d.end()];
}

function chars(s: string): string[] {
	return s.split('');
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** JSON with sorted keys, so results can be compared cheaply inside long loops. */
function canon(v: unknown): string {
	return JSON.stringify(v, (_k, x: unknown) =>
		x && typeof x === 'object' && !Array.isArray(x)
			? Object.fromEntries(
					Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
				)
			: x,
	);
}

/** Indices i for which splitting `input` at i does not reproduce `expected`. */
function badSplits<T extends string | Uint8Array>(input: T, expected: SseResult): number[] {
	const want = canon(expected);
	const bad: number[] = [];
	for (let i = 0; i <= input.length; i++) {
		if (canon(assembleSse([input.slice(0, i) as T, input.slice(i) as T])) !== want) bad.push(i);
	}
	return bad;
}

/** Each key of `expected` equals the result's; a key expected `undefined` must be absent. */
function expectSubset(r: SseResult, expected: Partial<SseResult>): void {
	for (const [k, v] of Object.entries(expected)) {
		if (v === undefined) expect(r).not.toHaveProperty(k);
		else expect({ [k]: r[k as keyof SseResult] }).toEqual({ [k]: v });
	}
}

// ---- SseDecoder: framing ---------------------------------------------------------------------

describe('SseDecoder', () => {
	it.each<[string, string, SseFrame[]]>([
		[
			'the §4.1 frame (no space after colons, HTTP_STATUS comment)',
			'id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"a":1}\n\n',
			[{ id: '1', event: 'result', httpStatus: 200, data: '{"a":1}' }],
		],
		[
			'the §4.1 error frame, verbatim',
			DOC_ERROR_FRAME,
			[
				{
					id: '1',
					event: 'error',
					httpStatus: 429,
					data: '{"request_id":"566e3621…","code":"Throttling.AllocationQuota","message":"Allocated quota exceeded"}',
				},
			],
		],
		[
			'one space after the colon is stripped',
			'id: 7\nevent: result\ndata: {"a":1}\n\n',
			[{ id: '7', event: 'result', data: '{"a":1}' }],
		],
		['only one space is stripped', 'data:  two\n\n', [{ data: ' two' }]],
		['a tab is not stripped', 'data:\tx\n\n', [{ data: '\tx' }]],
		[
			'several data lines are joined with \\n',
			'data:{"a":\ndata:1}\ndata:\n\n',
			[{ data: '{"a":\n1}\n' }],
		],
		['"data" without a colon is an empty data line', 'data\n\n', [{ data: '' }]],
		[
			'the value may itself contain colons',
			'data:{"u":"https://x/y"}\n\n',
			[{ data: '{"u":"https://x/y"}' }],
		],
		['other comment lines are ignored', ': keep-alive\n:hello\ndata:x\n\n', [{ data: 'x' }]],
		['a comments-only block emits nothing', ': ping\n\n: ping\n\n', []],
		['extra blank lines emit nothing', '\n\n\ndata:x\n\n\n\n', [{ data: 'x' }]],
		['retry: and unknown fields are ignored', 'retry:3000\nfoo:bar\ndata:x\n\n', [{ data: 'x' }]],
		[
			'status: field (Python SDK) sets httpStatus',
			'status:503\ndata:x\n\n',
			[{ httpStatus: 503, data: 'x' }],
		],
		['a frame with no data is still emitted', 'id:3\nevent:done\n\n', [{ id: '3', event: 'done' }]],
		[
			'CRLF line endings',
			'id:1\r\nevent:result\r\n:HTTP_STATUS/200\r\ndata:x\r\n\r\n',
			[{ id: '1', event: 'result', httpStatus: 200, data: 'x' }],
		],
		[
			'lone CR line endings',
			'id:1\revent:result\rdata:x\r\r',
			[{ id: '1', event: 'result', data: 'x' }],
		],
		[
			'a final frame without the trailing blank line',
			'data:a\n\ndata:b\n',
			[{ data: 'a' }, { data: 'b' }],
		],
		[
			'a final line without any line break',
			'data:a\n\nid:2\ndata:b',
			[{ data: 'a' }, { id: '2', data: 'b' }],
		],
		['a leading BOM is dropped', '\uFEFFdata:x\n\n', [{ data: 'x' }]],
		['an empty stream', '', []],
	])('%s', (_name, input, expected) => {
		expect(decodeAll([input])).toEqual(expected);
		// and identically when every character arrives in its own chunk
		expect(decodeAll(chars(input))).toEqual(expected);
	});

	it('returns complete frames from push() as soon as their blank line arrives', () => {
		const d = new SseDecoder();
		expect(d.push('id:1\ndata:a\n')).toEqual([]);
		expect(d.push('\nid:2\nda')).toEqual([{ id: '1', data: 'a' }]);
		expect(d.push('ta:b')).toEqual([]);
		expect(d.end()).toEqual([{ id: '2', data: 'b' }]);
	});

	it('keeps \\r\\n split across chunks as one line break (no phantom blank line)', () => {
		const d = new SseDecoder();
		expect(d.push('data:a\r')).toEqual([]);
		// if '\r' then '\n' were two breaks, this '\n' would end the frame right here
		expect(d.push('\ndata:b\r')).toEqual([]);
		expect(d.push('\n\r\n')).toEqual([{ data: 'a\nb' }]);
	});

	it('decodes a multi-byte character split across Uint8Array chunks', () => {
		const bytes = utf8('data:青椒\n\n');
		// '青' is bytes 5..7: split inside it
		const frames = decodeAll([bytes.slice(0, 6), bytes.slice(6, 7), bytes.slice(7)]);
		expect(frames).toEqual([{ data: '青椒' }]);
	});

	it('end() flushes a truncated UTF-8 sequence as U+FFFD instead of dropping it', () => {
		const bytes = utf8('data:ab青');
		expect(decodeAll([bytes.slice(0, bytes.length - 1)])).toEqual([{ data: 'ab\uFFFD' }]);
	});

	it('a string chunk after bytes keeps the order of the text', () => {
		expect(decodeAll([utf8('data:青'), '椒\n\n'])).toEqual([{ data: '青椒' }]);
	});

	it('is reusable after end()', () => {
		const d = new SseDecoder();
		d.push('data:a');
		expect(d.end()).toEqual([{ data: 'a' }]);
		expect(d.push('data:b\n\n')).toEqual([{ data: 'b' }]);
	});
});

// ---- StreamAssembler / assembleSse: the documented streams -----------------------------------

describe('assembleSse on documented streams', () => {
	it('a whole stream in one chunk rebuilds the message (§4.3)', () => {
		expect(assembleSse([STREAM])).toEqual(FULL_RESULT);
	});

	it('the same stream split at every character boundary gives the identical result', () => {
		expect(STREAM.length).toBeGreaterThan(2000);
		expect(badSplits(STREAM, FULL_RESULT)).toEqual([]);
		expect(assembleSse(chars(STREAM))).toEqual(FULL_RESULT);
	});

	it('the same stream as bytes, split at every byte boundary and byte by byte', () => {
		const bytes = utf8(STREAM);
		expect(badSplits(bytes, FULL_RESULT)).toEqual([]);
		expect(assembleSse(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual(FULL_RESULT);
	});

	it('Chinese text split inside multi-byte UTF-8 characters (Uint8Array chunks)', () => {
		const bytes = utf8(CN_STREAM);
		const whole = assembleSse([bytes]);
		expect(whole.text).toBe(CN_TEXT);
		expect(whole.parts).toEqual([{ type: 'text', text: CN_TEXT }]);
		expect(whole.finished).toBe(true);
		// there are splits that land inside a character: make sure the loop really tests that
		const insideChar = (i: number) => i > 0 && i < bytes.length && (bytes[i] & 0xc0) === 0x80;
		let inside = 0;
		for (let i = 0; i <= bytes.length; i++) {
			if (insideChar(i)) inside++;
			const r = assembleSse([bytes.slice(0, i), bytes.slice(i)]);
			if (r.text !== CN_TEXT || r.error)
				throw new Error(`byte split at ${i}: ${JSON.stringify(r)}`);
		}
		expect(inside).toBeGreaterThan(20);
		expect(assembleSse(Array.from(bytes, (b) => Uint8Array.of(b))).text).toBe(CN_TEXT);
		// three-way split straddling the 4-byte emoji
		const e = CN_STREAM.indexOf('🌶');
		const at = utf8(CN_STREAM.slice(0, e)).length;
		expect(
			assembleSse([bytes.slice(0, at + 1), bytes.slice(at + 1, at + 3), bytes.slice(at + 3)]).text,
		).toBe(CN_TEXT);
	});

	it.each<[string, (s: string) => string]>([
		['CRLF', (s) => s.replace(/\n/g, '\r\n')],
		['lone CR', (s) => s.replace(/\n/g, '\r')],
		['data: with one space', (s) => s.replace(/^data:/gm, 'data: ')],
		['no trailing blank line after the last frame', (s) => s.replace(/\n\n$/, '\n')],
		['no line break at all after the last frame', (s) => s.replace(/\n\n$/, '')],
		['keep-alive comments between frames', (s) => s.replace(/\n\n/g, '\n\n: keep-alive\n\n')],
		['a leading BOM', (s) => `\uFEFF${s}`],
	])('same result with %s (also split at every boundary)', (_name, transform) => {
		const s = transform(STREAM);
		expect(s).not.toBe(STREAM);
		expect(assembleSse([s])).toEqual(FULL_RESULT);
		expect(badSplits(s, FULL_RESULT)).toEqual([]);
	});

	it('a payload spread over several data: lines is joined with \\n and parsed', () => {
		const p = PAYLOADS[0];
		const mid = p.indexOf('"usage"');
		const s = `id:1\nevent:result\n:HTTP_STATUS/200\ndata:${p.slice(0, mid)}\ndata:${p.slice(mid)}\n\n`;
		const r = assembleSse([s]);
		expect(r.error).toBeUndefined();
		expect(r.text).toBe('Chili');
	});

	type Case = [string, string, Partial<SseResult>];
	it.each<Case>([
		[
			'§4.2 last two chunks verbatim: text "." then the final image frame',
			frame(1, DOC_42_TEXT_DOT) + frame(2, DOC_42_FINAL_IMAGE),
			{
				parts: [
					{ type: 'text', text: '.' },
					{ type: 'image', url: DOC_FINAL_URL },
				],
				text: '.',
				images: [DOC_FINAL_URL],
				usage: {
					input_tokens: 28,
					output_tokens: 541,
					total_tokens: 569,
					image_count: 3,
					size: '1280*1280',
				},
				finished: true,
				finishReason: 'stop',
				frames: 2,
			},
		],
		[
			'a final text frame ends the stream (the last chunk may be text)',
			frame(1, PAYLOADS[3]) +
				frame(2, chunk({ type: 'text', text: 'Enjoy' }, usage(140, 1))) +
				frame(3, chunk({ type: 'text', text: '!' }, usage(141, 1), 'stop')),
			{
				parts: [
					{ type: 'image', url: URL_1 },
					{ type: 'text', text: 'Enjoy!' },
				],
				text: 'Enjoy!',
				images: [URL_1],
				usage: usage(141, 1),
				finished: true,
				requestId: REQ,
			},
		],
		[
			'a stream cut before the final frame: not finished, partial parts and last usage kept',
			PAYLOADS.slice(0, 6)
				.map((p, i) => frame(i + 1, p))
				.join(''),
			{
				parts: FULL_RESULT.parts.slice(0, 4),
				text: 'Chili fried pork\n\nStep two',
				images: [URL_1, URL_2],
				usage: usage(260, 2),
				finished: false,
				finishReason: undefined,
				error: undefined,
				frames: 6,
			},
		],
		[
			'finished comes from finish_reason, not output.finished (doc shows finished:true on every chunk)',
			[0, 1, 2]
				.map((i) => frame(i + 1, PAYLOADS[i].replace('"finished":false', '"finished":true')))
				.join(''),
			{ text: 'Chili fried pork', finished: false },
		],
		[
			'a finish_reason other than "stop" is reported but does not mark the stream finished',
			frame(1, chunk({ type: 'text', text: 'a' }, usage(1, 0), 'length')) + frame(2, PAYLOADS[1]),
			{ text: 'a fried', finished: false, finishReason: 'length' },
		],
		[
			'usage is cumulative: the result carries the last one, even if a later frame lacks usage',
			frame(1, PAYLOADS[0]) +
				frame(2, PAYLOADS[3]) +
				frame(
					3,
					JSON.stringify({
						output: {
							choices: [
								{ message: { content: [{ type: 'text', text: 'x' }] }, finish_reason: 'null' },
							],
						},
					}),
				),
			{ usage: usage(130, 1), text: 'Chili\n\nx' },
		],
		[
			'request_id is kept from the frames (last non-empty one)',
			frame(1, PAYLOADS[0]) +
				frame(2, chunk({ type: 'text', text: '!' }, usage(2, 0), 'stop', { request_id: '' })),
			{ requestId: REQ, text: 'Chili!', finished: true },
		],
		[
			'every choice and every content item is read; content without "type" is recognised',
			frame(
				1,
				JSON.stringify({
					output: {
						choices: [
							{ message: { content: [{ text: 'a' }, { image: URL_1 }] }, finish_reason: 'null' },
							{ message: { content: [{ type: 'image', image: URL_2 }] }, finish_reason: 'stop' },
						],
					},
				}),
			),
			{
				parts: [
					{ type: 'text', text: 'a' },
					{ type: 'image', url: URL_1 },
					{ type: 'image', url: URL_2 },
				],
				finished: true,
			},
		],
		[
			'empty text deltas add no part',
			frame(1, PAYLOADS[3]) +
				frame(2, chunk({ type: 'text', text: '' }, usage(130, 1))) +
				frame(3, PAYLOADS[5]),
			{
				parts: [
					{ type: 'image', url: URL_1 },
					{ type: 'image', url: URL_2 },
				],
				text: '',
			},
		],
		[
			'event:done is ignored, whatever its data',
			frame(1, PAYLOADS[0]) + 'id:2\nevent:done\ndata:not json at all\n\n' + frame(3, PAYLOADS[1]),
			{ text: 'Chili fried', error: undefined, frames: 3, finished: false },
		],
		[
			'a defensive data:[DONE] is ignored and does not mark the stream finished',
			frame(1, PAYLOADS[0]) + 'data:[DONE]\n\n',
			{ text: 'Chili', error: undefined, frames: 2, finished: false },
		],
		[
			'frames after the stop frame are counted but ignored',
			frame(1, chunk({ type: 'text', text: 'a' }, usage(1, 0), 'stop')) +
				frame(2, PAYLOADS[3]) +
				frame(3, 'garbage'),
			{ text: 'a', images: [], usage: usage(1, 0), finished: true, frames: 3, error: undefined },
		],
	])('%s', (_name, stream, expected) => {
		expectSubset(assembleSse([stream]), expected);
	});
});

// ---- errors ----------------------------------------------------------------------------------

describe('assembleSse errors', () => {
	it.each<[string, string, Partial<SseResult>]>([
		[
			'the §4.1 error frame, verbatim',
			DOC_ERROR_FRAME,
			{
				error: {
					code: 'Throttling.AllocationQuota',
					message: 'Allocated quota exceeded',
					requestId: '566e3621…',
					httpStatus: 429,
				},
				requestId: '566e3621…',
				parts: [],
				finished: false,
			},
		],
		[
			'an error frame after partial output keeps the parts',
			frame(1, PAYLOADS[0]) + frame(2, PAYLOADS[3]) + DOC_ERROR_FRAME.replace('id:1', 'id:3'),
			{
				error: {
					code: 'Throttling.AllocationQuota',
					message: 'Allocated quota exceeded',
					requestId: '566e3621…',
					httpStatus: 429,
				},
				parts: [
					{ type: 'text', text: 'Chili' },
					{ type: 'image', url: URL_1 },
				],
				usage: usage(130, 1),
				finished: false,
				frames: 3,
			},
		],
		[
			'an error body without event:error (non-200 answered as text/event-stream, §4.1)',
			'data:{"code":"InvalidApiKey","message":"No API-key provided.","request_id":"7438d53d-6eb8-4596-8835-xxxxxx"}\n\n',
			{
				error: {
					code: 'InvalidApiKey',
					message: 'No API-key provided.',
					requestId: '7438d53d-6eb8-4596-8835-xxxxxx',
				},
				finished: false,
			},
		],
		[
			'an event:error whose data is not JSON: code Unknown, raw text as message (Python SDK)',
			'event:error\n:HTTP_STATUS/500\ndata:Internal error\n\n',
			{ error: { code: 'Unknown', message: 'Internal error', httpStatus: 500 } },
		],
		[
			'an error without request_id takes the one seen earlier in the stream',
			frame(1, PAYLOADS[0]) +
				'event:error\n:HTTP_STATUS/500\ndata:{"code":"InternalError","message":"boom"}\n\n',
			{
				error: { code: 'InternalError', message: 'boom', requestId: REQ, httpStatus: 500 },
				text: 'Chili',
			},
		],
		[
			'only the first error counts; later frames are ignored',
			DOC_ERROR_FRAME + frame(2, PAYLOADS[0]) + 'event:error\ndata:{"code":"Other"}\n\n',
			{
				error: {
					code: 'Throttling.AllocationQuota',
					message: 'Allocated quota exceeded',
					requestId: '566e3621…',
					httpStatus: 429,
				},
				parts: [],
				frames: 3,
			},
		],
	])('%s', (_name, stream, expected) => {
		expectSubset(assembleSse([stream]), expected);
	});

	it('the §4.1 first frame as printed (elided `{…}` usage) is malformed JSON: recorded, not thrown', () => {
		const r = assembleSse([DOC_41_FIRST_FRAME]);
		expect(r.error?.code).toBe(MALFORMED_STREAM);
		expect(r.error?.httpStatus).toBe(200);
		expect(r.error?.message).toContain('SSE frame 1');
		expect(r.error?.message).toContain('"usage":{…}');
		expect(r.parts).toEqual([]);
		expect(r.finished).toBe(false);
	});

	it('the same frame with the elision filled in parses (the framing itself is fine)', () => {
		const fixed = DOC_41_FIRST_FRAME.replace('{…}', JSON.stringify(usage(1, 0)));
		const r = assembleSse([fixed]);
		expect(r.error).toBeUndefined();
		expect(r.text).toBe('The');
		expect(r.requestId).toBe('…');
		expect(r.finished).toBe(false);
	});

	it.each<[string, string]>([
		['truncated JSON', '{"output":{"choices":['],
		['a JSON array', '[1,2]'],
		['a JSON string', '"hello"'],
		['plain text', 'hello'],
	])('malformed data (%s) after good frames: error recorded, earlier parts kept', (_name, bad) => {
		const r = assembleSse([frame(1, PAYLOADS[0]) + frame(2, bad) + frame(3, PAYLOADS[1])]);
		expect(r.error).toEqual({
			code: MALFORMED_STREAM,
			message: expect.stringContaining('SSE frame 2'),
			requestId: REQ,
			httpStatus: 200,
		});
		expect(r.text).toBe('Chili');
		expect(r.frames).toBe(3);
	});

	it('a connection cut in the middle of the last data line is a malformed stream, not a crash', () => {
		const cut = STREAM.slice(0, STREAM.lastIndexOf('"finish_reason":"stop"'));
		const r = assembleSse([cut]);
		expect(r.error?.code).toBe(MALFORMED_STREAM);
		expect(r.finished).toBe(false);
		expect(r.parts).toEqual(FULL_RESULT.parts.slice(0, 5));
	});

	it('never throws, whatever bytes arrive', () => {
		const junk = [
			'\u0000\u0001',
			'data:{',
			'\r\r\n\n',
			'event:error\n',
			'data:\n\n',
			':HTTP_STATUS/abc\n',
			'data:null\n\n',
		];
		expect(() => assembleSse(junk)).not.toThrow();
		expect(() => assembleSse([Uint8Array.of(0xff, 0xfe, 0xc3), utf8('data:x\n\n')])).not.toThrow();
	});
});

// ---- the StreamAssembler API -----------------------------------------------------------------

describe('StreamAssembler', () => {
	it('exposes finished and error while frames arrive', () => {
		const a = new StreamAssembler();
		expect(a.finished).toBe(false);
		a.add({ event: 'result', data: PAYLOADS[0] });
		expect(a.finished).toBe(false);
		expect(a.error).toBeUndefined();
		a.add({ event: 'result', data: PAYLOADS[6] });
		expect(a.finished).toBe(false);
		a.add({ event: 'result', data: PAYLOADS[7] });
		expect(a.finished).toBe(true);
		expect(a.result().text).toBe('Chili.');
		expect(a.result().images).toEqual([DOC_FINAL_URL]);

		const b = new StreamAssembler();
		b.add({ event: 'error', httpStatus: 429, data: '{"code":"Throttling","message":"slow down"}' });
		expect(b.error).toEqual({ code: 'Throttling', message: 'slow down', httpStatus: 429 });
		expect(b.finished).toBe(false);
	});

	it('ignores frames without data (id-only, empty data)', () => {
		const a = new StreamAssembler();
		a.add({ id: '1' });
		a.add({ data: '' });
		a.add({ data: '  ' });
		expect(a.result()).toEqual({ parts: [], text: '', images: [], frames: 3, finished: false });
	});

	it('result() returns copies: mutating them does not change the assembler', () => {
		const a = new StreamAssembler();
		a.add({ data: PAYLOADS[0] });
		const r = a.result();
		(r.parts[0] as { text: string }).text = 'changed';
		r.usage!.output_tokens = 999;
		a.add({ data: PAYLOADS[1] });
		expect(a.result().text).toBe('Chili fried');
		expect(a.result().usage?.output_tokens).toBe(2);
	});
});

// ---- async convenience -----------------------------------------------------------------------

describe('assembleSseAsync', () => {
	async function* source(chunks: Array<string | Uint8Array>) {
		for (const c of chunks) yield c;
	}

	it('gives the same result as assembleSse for byte chunks', async () => {
		const bytes = utf8(STREAM);
		const pieces = [bytes.slice(0, 101), bytes.slice(101, 777), bytes.slice(777)];
		await expect(assembleSseAsync(source(pieces))).resolves.toEqual(FULL_RESULT);
	});

	it('flushes a last frame that has no trailing blank line', async () => {
		await expect(assembleSseAsync(source([STREAM.replace(/\n\n$/, '')]))).resolves.toEqual(
			FULL_RESULT,
		);
	});

	it('stops reading after the stop frame', async () => {
		let pulled = 0;
		async function* counting() {
			for (const c of [frame(1, PAYLOADS[7]), frame(2, PAYLOADS[0]), frame(3, PAYLOADS[1])]) {
				pulled++;
				yield c;
			}
		}
		const r = await assembleSseAsync(counting());
		expect(pulled).toBe(1);
		expect(r.finished).toBe(true);
		expect(r.images).toEqual([DOC_FINAL_URL]);
		expect(r.text).toBe('');
	});

	it('stops reading after an error frame', async () => {
		let pulled = 0;
		async function* counting() {
			for (const c of [DOC_ERROR_FRAME, frame(2, PAYLOADS[0])]) {
				pulled++;
				yield c;
			}
		}
		const r = await assembleSseAsync(counting());
		expect(pulled).toBe(1);
		expect(r.error?.code).toBe('Throttling.AllocationQuota');
	});
});
