/**
 * DashScope server-sent events: wire bytes → frames → one assembled message.
 * See docs/dashscope-notes.md §4 (framing §4.1, chunk semantics §4.2, rebuilding §4.3).
 *
 * Pure: no n8n imports, no Node-only APIs. The only runtime global used is the WHATWG
 * `TextDecoder` (Node ≥ 11, every browser), and only when a chunk is a `Uint8Array`.
 */

import { appendParts } from './parse';
import type { ErrorBody, GenerationResponse, Part, Usage } from './types';

/**
 * Local declaration of the WHATWG TextDecoder, so this file type-checks with the project's
 * `lib: es2019/es2020` alone (the DOM lib is not loaded; @types/node happens to declare it too).
 * `declare` emits nothing: at run time this is the global `TextDecoder`.
 */
interface Utf8StreamDecoder {
	decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare const TextDecoder: new (label?: string) => Utf8StreamDecoder;

// ---- framing ---------------------------------------------------------------------------------

/** One SSE event, as DashScope frames it: `id:` / `event:` / `:HTTP_STATUS/…` / `data:`. */
export interface SseFrame {
	id?: string;
	event?: string;
	/** From the `:HTTP_STATUS/<n>` comment line (or a `status:<n>` field, as the Python SDK reads). */
	httpStatus?: number;
	/** All `data:` lines of the frame joined with "\n" (undefined when the frame had none). */
	data?: string;
}

const HTTP_STATUS_COMMENT = /^:\s*HTTP_STATUS\/(\d+)/i;

/**
 * The largest frame accepted, in characters (4 Mi). DashScope's interleaved frames carry a text
 * delta or one image URL, a few kilobytes; a frame this large is not DashScope's, and holding
 * it would only grow memory, so the stream ends with a FrameTooLarge error instead.
 */
export const MAX_FRAME_CHARS = 4 * 1024 * 1024;

export const FRAME_TOO_LARGE = 'FrameTooLarge';

/**
 * Incremental SSE parser (WHATWG event-stream rules, adapted to DashScope):
 * - chunks may split a frame, a line, a `\r\n` pair or a UTF-8 character anywhere;
 * - line endings `\r\n`, `\n` and `\r`; a leading BOM is dropped;
 * - `field:value` with at most one space stripped after the colon; several `data:` lines are
 *   joined with "\n"; unknown fields and comment lines are ignored, except `:HTTP_STATUS/<n>`;
 * - a frame is emitted at a blank line, or by `end()` when the stream stops without one.
 *
 * Feed `Uint8Array` chunks (decoded as UTF-8 with a streaming TextDecoder) or already-decoded
 * strings. Don't interleave the two inside one multi-byte character: a string chunk first flushes
 * any pending partial bytes (they become U+FFFD).
 */
export class SseDecoder {
	private decoder: Utf8StreamDecoder | undefined;
	/** The current line's text so far, in pieces: joined once when its line break arrives (linear). */
	private pieces: string[] = [];
	private piecesLength = 0;
	private skipLeadingLF = false;
	private started = false;
	private frame: SseFrame = {};
	private dataLines: string[] = [];
	/** Characters of the current frame so far (its lines, and the unfinished line). */
	private frameChars = 0;
	private overflowed = false;
	private pending = false;

	constructor(private readonly maxFrameChars = MAX_FRAME_CHARS) {}

	push(chunk: string | Uint8Array): SseFrame[] {
		const out: SseFrame[] = [];
		if (typeof chunk === 'string') {
			if (this.decoder) this.feed(this.decoder.decode(), out);
			this.feed(chunk, out);
		} else {
			if (!this.decoder) this.decoder = new TextDecoder('utf-8');
			this.feed(this.decoder.decode(chunk, { stream: true }), out);
		}
		return out;
	}

	/** The stream closed: flush the decoder, the last unterminated line and the last frame. Resets the decoder. */
	end(): SseFrame[] {
		const out: SseFrame[] = [];
		if (this.decoder) this.feed(this.decoder.decode(), out);
		if (this.piecesLength > 0 && !this.overflowed) this.line(this.takeLine(''), out);
		if (!this.overflowed) this.dispatch(out);
		this.decoder = undefined;
		this.pieces = [];
		this.piecesLength = 0;
		this.skipLeadingLF = false;
		this.started = false;
		this.overflowed = false;
		this.frame = {};
		this.dataLines = [];
		this.frameChars = 0;
		this.pending = false;
		return out;
	}

	private takeLine(last: string): string {
		const line = this.pieces.length === 0 ? last : this.pieces.join('') + last;
		this.pieces = [];
		this.piecesLength = 0;
		return line;
	}

	private feed(text: string, out: SseFrame[]): void {
		if (text === '' || this.overflowed) return;
		if (!this.started) {
			this.started = true;
			if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
		}
		if (this.skipLeadingLF) {
			// The previous chunk ended in '\r'; a '\n' right after it belongs to the same line break.
			this.skipLeadingLF = false;
			if (text.charCodeAt(0) === 10) text = text.slice(1);
		}
		// Only the new text is scanned: the kept pieces hold no line break.
		let start = 0;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c !== 10 && c !== 13) continue;
			this.line(this.takeLine(text.slice(start, i)), out);
			if (this.overflowed) return;
			if (c === 13) {
				if (i + 1 === text.length) this.skipLeadingLF = true;
				else if (text.charCodeAt(i + 1) === 10) i++;
			}
			start = i + 1;
		}
		if (start < text.length) {
			const rest = text.slice(start);
			this.pieces.push(rest);
			this.piecesLength += rest.length;
			if (this.frameChars + this.piecesLength > this.maxFrameChars) this.overflow(out);
		}
	}

	/** A frame beyond the cap ends the stream with an error frame; the rest is ignored. */
	private overflow(out: SseFrame[]): void {
		this.overflowed = true;
		this.pieces = [];
		this.piecesLength = 0;
		this.frame = {};
		this.dataLines = [];
		this.pending = false;
		const message = `An event-stream frame exceeded ${this.maxFrameChars} characters; DashScope's frames are a few kilobytes, so the stream was refused`;
		out.push({ event: 'error', data: JSON.stringify({ code: FRAME_TOO_LARGE, message }) });
	}

	private line(line: string, out: SseFrame[]): void {
		if (line === '') {
			this.dispatch(out);
			return;
		}
		this.frameChars += line.length + 1;
		if (this.frameChars > this.maxFrameChars) {
			this.overflow(out);
			return;
		}
		if (line.charCodeAt(0) === 58 /* ':' */) {
			const m = HTTP_STATUS_COMMENT.exec(line);
			if (m) this.set('httpStatus', Number(m[1]));
			return;
		}
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.charCodeAt(0) === 32) value = value.slice(1);
		switch (field) {
			case 'id':
				this.set('id', value);
				break;
			case 'event':
				this.set('event', value);
				break;
			case 'data':
				// Joined at dispatch: appending to one string per line would copy it each time.
				this.dataLines.push(value);
				this.pending = true;
				break;
			case 'status':
				if (/^\d+$/.test(value.trim())) this.set('httpStatus', Number(value.trim()));
				break;
			default:
			// `retry:` and unknown fields: ignored.
		}
	}

	private set<K extends keyof SseFrame>(key: K, value: SseFrame[K]): void {
		this.frame[key] = value;
		this.pending = true;
	}

	private dispatch(out: SseFrame[]): void {
		if (this.dataLines.length > 0) this.frame.data = this.dataLines.join('\n');
		if (this.pending) out.push(this.frame);
		this.frame = {};
		this.dataLines = [];
		this.frameChars = 0;
		this.pending = false;
	}
}

// ---- assembling ------------------------------------------------------------------------------

export interface SseError {
	/** DashScope code (`Throttling.AllocationQuota`, …), `MalformedStream` for unparsable data, `Unknown` for a non-JSON error payload. */
	code?: string;
	message?: string;
	requestId?: string;
	httpStatus?: number;
}

export interface SseResult {
	/** Consecutive text deltas merged into one text part; each image its own part, in stream order. */
	parts: Part[];
	/** Text parts joined with "\n\n" (deltas inside one part are concatenated as is). */
	text: string;
	images: string[];
	/** The last `usage` seen; DashScope sends it cumulatively, so this is the total so far. */
	usage?: Usage;
	/** The last non-empty `request_id` seen. */
	requestId?: string;
	/** Frames passed to `add()`, including ignored ones (`event:done`, `[DONE]`, after the end). */
	frames: number;
	/** True once a frame had `finish_reason: "stop"`. False means the stream was cut (or errored). */
	finished: boolean;
	/** The last `finish_reason` other than the string "null" (normally "stop"). */
	finishReason?: string;
	error?: SseError;
}

export const MALFORMED_STREAM = 'MalformedStream';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
	return typeof v === 'string' ? v : undefined;
}

/**
 * Rebuilds one message from DashScope SSE frames (§4.3). Never throws on stream content:
 * an `event:error` frame, an error payload (`code` without `output`) or unparsable JSON sets
 * `error`. After the first error or the `stop` frame, further frames are counted and ignored.
 */
export class StreamAssembler {
	private readonly parts: Part[] = [];
	private usage: Usage | undefined;
	private requestId: string | undefined;
	private frames = 0;
	private stopped = false;
	private finishReason: string | undefined;
	private err: SseError | undefined;

	get finished(): boolean {
		return this.stopped;
	}

	get error(): SseError | undefined {
		return this.err && { ...this.err };
	}

	add(frame: SseFrame): void {
		this.frames++;
		if (this.stopped || this.err) return;
		if (frame.event === 'done') return; // Python SDK: data of a `done` event is ignored.
		const data = frame.data;
		if (data === undefined || data.trim() === '' || data.trim() === '[DONE]') return;

		let payload: unknown;
		try {
			payload = JSON.parse(data);
		} catch {
			payload = undefined;
		}

		if (frame.event === 'error') {
			if (isObject(payload)) this.fail(payload as ErrorBody, frame.httpStatus);
			else this.fail({ code: 'Unknown', message: data }, frame.httpStatus);
			return;
		}
		if (!isObject(payload)) {
			const shown = data.length > 200 ? `${data.slice(0, 200)}…` : data;
			this.fail(
				{
					code: MALFORMED_STREAM,
					message: `SSE frame ${this.frames} has data that is not a JSON object: ${shown}`,
				},
				frame.httpStatus,
			);
			return;
		}
		if (str(payload.code) && payload.output === undefined) {
			// A non-200 answer streamed as text/event-stream: the first data line is the error body.
			this.fail(payload as ErrorBody, frame.httpStatus);
			return;
		}
		this.apply(payload as GenerationResponse);
	}

	result(): SseResult {
		const parts = this.parts.map((p) => ({ ...p }));
		const texts: string[] = [];
		const images: string[] = [];
		for (const p of parts) {
			if (p.type === 'text') texts.push(p.text);
			else images.push(p.url);
		}
		const result: SseResult = {
			parts,
			text: texts.join('\n\n'),
			images,
			frames: this.frames,
			finished: this.stopped,
		};
		if (this.usage) result.usage = { ...this.usage };
		if (this.requestId !== undefined) result.requestId = this.requestId;
		if (this.finishReason !== undefined) result.finishReason = this.finishReason;
		if (this.err) result.error = { ...this.err };
		return result;
	}

	private apply(chunk: GenerationResponse): void {
		const requestId = str(chunk.request_id);
		if (requestId) this.requestId = requestId;
		if (isObject(chunk.usage)) this.usage = { ...chunk.usage };

		const choices =
			isObject(chunk.output) && Array.isArray(chunk.output.choices) ? chunk.output.choices : [];
		appendParts(this.parts, choices);
		let stop = false;
		for (const choice of choices) {
			const reason = isObject(choice) ? str(choice.finish_reason) : undefined;
			if (reason && reason !== 'null') {
				this.finishReason = reason;
				if (reason === 'stop') stop = true;
			}
		}
		// Deliberately not `output.finished`: the docs show it `true` on every chunk in one example (§4.2).
		if (stop) this.stopped = true;
	}

	private fail(body: ErrorBody, httpStatus: number | undefined): void {
		const err: SseError = {};
		const code = str(body.code);
		const message = str(body.message) ?? str((body as Json).msg);
		const requestId = str(body.request_id) || this.requestId;
		if (code !== undefined) err.code = code;
		if (message !== undefined) err.message = message;
		if (requestId) {
			err.requestId = requestId;
			this.requestId = requestId;
		}
		if (httpStatus !== undefined) err.httpStatus = httpStatus;
		this.err = err;
	}
}

// ---- conveniences ----------------------------------------------------------------------------

/** Decodes and assembles a whole stream given as chunks (strings or UTF-8 bytes). */
export function assembleSse(chunks: Iterable<string | Uint8Array>): SseResult {
	const decoder = new SseDecoder();
	const assembler = new StreamAssembler();
	for (const chunk of chunks) for (const frame of decoder.push(chunk)) assembler.add(frame);
	for (const frame of decoder.end()) assembler.add(frame);
	return assembler.result();
}

/**
 * Same, for an async source such as a Node `Readable` (its Buffers are Uint8Arrays).
 * Stops reading once the `stop` frame or an error arrived, as §4.2 advises.
 */
export async function assembleSseAsync(
	chunks: AsyncIterable<string | Uint8Array>,
): Promise<SseResult> {
	const decoder = new SseDecoder();
	const assembler = new StreamAssembler();
	let done = false;
	for await (const chunk of chunks) {
		for (const frame of decoder.push(chunk)) assembler.add(frame);
		if (assembler.finished || assembler.error) {
			done = true;
			break;
		}
	}
	if (!done) for (const frame of decoder.end()) assembler.add(frame);
	return assembler.result();
}
