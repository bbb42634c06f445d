/**
 * DashScope server-sent events, wire side: bytes or text chunks → SSE frames.
 * See docs/dashscope-notes.md §4 (framing §4.1).
 *
 * Pure: no n8n imports, no Node-only APIs. The only runtime global used is the WHATWG
 * `TextDecoder` (Node ≥ 11, every browser), and only when a chunk is a `Uint8Array`.
 */

/**
 * Local declaration of the WHATWG TextDecoder, so this file type-checks with the project's
 * `lib: es2022` alone (the DOM lib is not loaded; @types/node happens to declare it too).
 * `declare` emits nothing: at run time this is the global `TextDecoder`.
 */
interface Utf8StreamDecoder {
	decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare const TextDecoder: new (label?: string) => Utf8StreamDecoder;

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
