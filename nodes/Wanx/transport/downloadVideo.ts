/**
 * The paid video, from its pre-signed link (no Authorization header) into n8n's binary store as a
 * stream: videos run to tens of MB, so the body goes to the store (a file in filesystem mode) as
 * it arrives instead of into one buffer. Each chunk is checked on its way: the body must be an
 * MP4 (an `ftyp` box first, not a sign-in page), its boxes must add up to what arrived, a `moov`
 * must be there, and as many bytes as Content-Length announced must come. A body that fails a
 * check is ended with an error before its end reaches the store, so nothing partial is kept as
 * the result; 429/5xx, resets, stalls and cut bodies are tried again as for images (download.ts).
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { Mp4BoxWalker } from '../api/mp4';
import { checkResultUrl } from '../api/resultUrl';
import type { DashScopeClient } from './client';
import {
	failure,
	STALL_MS,
	statusFailure,
	withDownloadAttempts,
	withoutQuery,
	type Failure,
} from './download';
import { networkErrorCode } from './callErrors';

/** A body larger than this is refused: Wan videos of 15 s at 1080p are tens of MB [I]. */
const VIDEO_MAX_BYTES = 1024 * 1024 * 1024;

interface VideoTarget {
	itemIndex: number;
	fileName: string;
	/** The paid result: a failed download keeps its task id, request id and URL in the error. */
	result: { taskId?: string; requestId?: string; videoUrl: string };
}

/** The part of a Node readable the check hooks into (no `stream` import in community nodes). */
interface BodyStream {
	push(chunk: unknown, encoding?: string): boolean;
	destroy(error?: Error): void;
	destroyed?: boolean;
}

export async function downloadVideo(
	client: DashScopeClient,
	target: VideoTarget,
): Promise<IBinaryData> {
	const url = target.result.videoUrl;
	const refused = checkResultUrl(url, await client.baseUrl(target.itemIndex));
	if (refused) throw videoDownloadError(client, target, `its URL ${refused}`);
	const { file } = await withDownloadAttempts(
		client,
		() => attemptVideo(client, target),
		(cause) =>
			videoDownloadError(
				client,
				target,
				`could not be downloaded from ${withoutQuery(url)}: ${cause}`,
			),
	);
	return file;
}

async function attemptVideo(
	client: DashScopeClient,
	target: VideoTarget,
): Promise<Failure | { file: IBinaryData }> {
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await client.ctx.helpers.httpRequest({
			method: 'GET',
			url: target.result.videoUrl,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: client.requestTimeoutMs,
			abortSignal: client.ctx.getExecutionCancelSignal(),
		});
	} catch (error) {
		return failure(`no response (${networkErrorCode(error) ?? 'the connection failed'})`, true);
	}
	if (response.statusCode < 200 || response.statusCode >= 300) return await statusFailure(response);
	const body = response.body as BodyStream;
	if (!body || typeof body.push !== 'function') {
		return failure('the link answered without a body stream', true);
	}
	const headers = response.headers ?? {};
	const contentType = String(headers['content-type'] ?? '')
		.split(';')[0]
		.trim();
	// A compressed body's Content-Length counts compressed bytes; the box check still holds.
	const declared = headers['content-encoding'] ? NaN : Number(headers['content-length']);
	const checked = checkWhileStreaming(body, declared, contentType, client);
	try {
		const file = await client.ctx.helpers.prepareBinaryData(
			body as unknown as Buffer,
			target.fileName,
			'video/mp4',
		);
		return { file };
	} catch (error) {
		return (
			checked.failure() ??
			failure(
				`the connection was cut after ${checked.bytes()} bytes (${networkErrorCode(error) ?? String((error as Error)?.message ?? 'lost')})`,
				true,
			)
		);
	} finally {
		checked.done();
	}
}

/**
 * Checks each chunk as the HTTP layer hands it to the body stream (its `push`), and ends the
 * stream with an error instead of its normal end when the chunks are not a whole MP4, so the
 * store never sees a clean end of a bad body. A stall (nothing for the Request Timeout, at most
 * 60 s) ends it the same way.
 */
function checkWhileStreaming(
	body: BodyStream,
	declared: number,
	contentType: string,
	client: DashScopeClient,
) {
	const walker = new Mp4BoxWalker();
	let found: Failure | undefined;
	let lastChunkAt = Date.now();
	const fail = (problem: Failure) => {
		found ??= problem;
		body.destroy(new Error(problem.cause));
		return false;
	};
	const push = body.push.bind(body);
	body.push = (chunk: unknown, encoding?: string) => {
		if (found) return false;
		lastChunkAt = Date.now();
		if (chunk === null) {
			const problem = walker.end();
			if (problem) {
				const notVideo = walker.size < 8 || /ftyp/.test(problem);
				return fail(failure(notMp4(problem, contentType, walker.size), !notVideo));
			}
			if (Number.isFinite(declared) && declared > walker.size) {
				return fail(failure(`the body was cut after ${walker.size} of ${declared} bytes`, true));
			}
			return push(chunk, encoding);
		}
		const bytes =
			typeof chunk === 'string'
				? Buffer.from(chunk, encoding as BufferEncoding)
				: (chunk as Buffer);
		if (walker.size + bytes.length > VIDEO_MAX_BYTES) {
			return fail(
				failure(
					`the body is larger than ${VIDEO_MAX_BYTES} bytes, more than any result video`,
					false,
				),
			);
		}
		const problem = walker.push(bytes);
		if (problem) return fail(failure(notMp4(problem, contentType, walker.size), false));
		return push(chunk, encoding);
	};

	// The stall watchdog: wakes a few times per stall window until the body ended.
	const stallMs = Math.min(client.requestTimeoutMs, STALL_MS);
	const stop = new AbortController();
	void (async () => {
		while (!stop.signal.aborted) {
			await sleep(stallMs / 4, stop.signal).catch(() => undefined);
			if (stop.signal.aborted || body.destroyed) return;
			if (Date.now() - lastChunkAt > stallMs) {
				fail(
					failure(
						`the body stalled: nothing arrived for ${Math.round(stallMs / 1000)} s after ${walker.size} bytes`,
						true,
					),
				);
				return;
			}
		}
	})();
	return {
		failure: () => found,
		bytes: () => walker.size,
		done: () => stop.abort(),
	};
}

function notMp4(problem: string, contentType: string, size: number) {
	return `the link answered with ${contentType || 'no content type'} (${size} bytes so far), which is not a whole MP4 video: ${problem}`;
}

function videoDownloadError(client: DashScopeClient, target: VideoTarget, problem: string) {
	const { taskId, requestId, videoUrl } = target.result;
	const message = `The result video ${problem}`;
	const error = new NodeOperationError(client.node, message, {
		itemIndex: target.itemIndex,
		description: `URL: ${videoUrl}\nThe video was generated (and billed); its URL stays in the item's "videoUrl" for 24 hours, and Get Task reads the task again.`,
	});
	error.message = message;
	return Object.assign(error, { taskId, requestId, videoUrl });
}
