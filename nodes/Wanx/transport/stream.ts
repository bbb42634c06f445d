/**
 * Sync interleaved generation over SSE (docs/dashscope-notes.md §4): send, read the event stream,
 * assemble one message. A stream cut before its final frame is an error, never a partial success.
 */
import type { GenerateInput } from '../api/generateInput';
import { resultFromParts, type GenerationResult } from '../api/parse';
import type { RequestPlan } from '../api/plan';
import { assembleSseAsync } from '../api/sseMessage';
import type { DashScopeClient } from './client';
import { apiError } from './callErrors';

export async function streamGeneration(
	client: DashScopeClient,
	plan: RequestPlan,
	input: GenerateInput,
	itemIndex: number,
): Promise<GenerationResult> {
	const response = await client.requestWithRetry<AsyncIterable<Uint8Array>>({
		...plan,
		kind: 'sync',
		itemIndex,
		stream: true,
	});
	let cut: string | undefined;
	const stream = await assembleSseAsync(
		(async function* () {
			try {
				yield* response.body;
			} catch (error) {
				cut = (error as { code?: string }).code ?? 'connection lost';
			}
		})(),
	);
	if (stream.error) {
		throw apiError(client.node, {
			status: stream.error.httpStatus,
			body: { request_id: stream.error.requestId ?? stream.requestId },
			code: stream.error.code,
			message: stream.error.message,
			itemIndex,
		});
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
