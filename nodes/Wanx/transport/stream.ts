/**
 * Sync interleaved generation over SSE (docs/dashscope-notes.md §4): send, read the event stream,
 * assemble one message. A stream cut before its final frame is an error, never a partial success.
 * Repeats follow the one retry loop (`requestWithRetry` in client.ts): a refusal inside the stream
 * is judged there as the same refusal over HTTP would be.
 */
import type { GenerateInput } from '../api/generateInput';
import { resultFromParts, type GenerationResult } from '../api/parse';
import type { RequestPlan } from '../api/plan';
import { assembleSseAsync } from '../api/sseMessage';
import type { ApiResponse } from './call';
import type { DashScopeClient } from './client';
import { apiError } from './callErrors';
import { DEFAULT_RETRY } from './retry';

export async function streamGeneration(
	client: DashScopeClient,
	plan: RequestPlan,
	input: GenerateInput,
	itemIndex: number,
): Promise<GenerationResult> {
	return await client.requestWithRetry(
		{ ...plan, kind: 'sync', itemIndex, stream: true },
		DEFAULT_RETRY,
		async (response: ApiResponse<AsyncIterable<Uint8Array>>) =>
			await readGeneration(client, response.body, input, itemIndex),
	);
}

/** The generation an event stream carries, or the error it ends with. */
async function readGeneration(
	client: DashScopeClient,
	body: AsyncIterable<Uint8Array>,
	input: GenerateInput,
	itemIndex: number,
): Promise<GenerationResult> {
	let cut: string | undefined;
	const stream = await assembleSseAsync(
		(async function* () {
			try {
				yield* body;
			} catch (error) {
				cut = (error as { code?: string }).code ?? 'connection lost';
			}
		})(),
	);
	if (stream.error) {
		const error = apiError(client.node, {
			status: stream.error.httpStatus,
			body: { request_id: stream.error.requestId ?? stream.requestId },
			code: stream.error.code,
			message: stream.error.message,
			itemIndex,
		});
		// A refusal may come as HTTP 200 whose only frame is the error, its status in the
		// `:HTTP_STATUS/<n>` comment (test/fixtures/dashscope/sse-error-http200.txt): nothing was
		// generated, so the retry loop may repeat it. After other frames part of the answer was
		// generated: never repeated.
		if (stream.frames !== 1 || stream.parts.length > 0) error.transient = false;
		throw error;
	}
	if (!stream.finished) {
		const arrived = `${stream.frames} frames, ${stream.text.length} characters of text and ${stream.images.length} images arrived`;
		throw apiError(client.node, {
			body: { request_id: stream.requestId },
			code: 'StreamInterrupted',
			message: `The event stream ended before its final frame${cut ? ` (${cut})` : ''}: ${arrived}`,
			itemIndex,
		});
	}
	const result = resultFromParts(input.model, input.mode, stream.parts);
	if (stream.usage) result.usage = stream.usage;
	if (stream.requestId) result.requestId = stream.requestId;
	return result;
}
