/**
 * DashScope server-sent events, message side: SSE frames → one assembled message.
 * See docs/dashscope-notes.md §4 (chunk semantics §4.2, rebuilding §4.3).
 *
 * Pure: no n8n imports, no Node-only APIs.
 */

import type { ErrorBody, GenerationResponse, Usage } from './dashScopeBodies';
import { appendParts, type Part } from './parse';
import { SseDecoder, type SseFrame } from './sseFrames';

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

// ---- a whole stream ---------------------------------------------------------------------------

/**
 * Decodes and assembles a whole stream from an async source such as a Node `Readable` (its
 * Buffers are Uint8Arrays). Stops reading once the `stop` frame or an error arrived, as §4.2
 * advises.
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
