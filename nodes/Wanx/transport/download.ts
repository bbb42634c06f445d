/**
 * Result downloads: the paid images, fetched from their pre-signed links (no Authorization
 * header) into n8n's binary store. A link answering 429/5xx, a reset, a stalled or cut body is
 * tried again (bounded, with back-off); what arrives is stored only when its bytes are a whole
 * image, under the type the bytes say. A download that finally fails names the image, its URL
 * and the cause in plain words (NodeOperationError keeps them as written).
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { isCompleteImage, readImageHeader } from '../api/imageBytes';
import { checkResultUrl } from '../api/resultUrl';
import type { GenerationResult } from '../api/parse';
import type { DashScopeClient } from './client';
import { networkErrorCode } from './callErrors';
import { readAll } from './bodyText';
import { backoffMs, parseRetryAfter } from './retry';

/** Tries per image or video: the first and three more, with 1, 2 and 4 s (±50%) of back-off between. */
export const DOWNLOAD_ATTEMPTS = 4;

/** A result larger than this is refused: DashScope's images are a few MB (2048×2048 PNG < 13 MB). */
const DOWNLOAD_MAX_BYTES = 64 * 1024 * 1024;

/** The longest pause between two chunks of a body before it counts as stalled (or the Request Timeout, if shorter). */
export const STALL_MS = 60_000;

/** What a result link must deliver; the body is checked as that before it is stored. */
export type ExpectedMedia = 'image' | 'video';

interface DownloadTarget {
	itemIndex: number;
	/** 0-based position of the image in the result. */
	index: number;
	fileName: (mimeType: string) => string;
	/** The paid result: a failed download keeps its task id, request id and URLs in the error. */
	result?: Pick<GenerationResult, 'taskId' | 'requestId' | 'images'>;
}

/** One failed attempt: what went wrong, in words, and whether another attempt may succeed. */
export interface Failure {
	cause: string;
	retry: boolean;
	retryAfterMs?: number;
}

export const failure = (cause: string, retry: boolean, retryAfterMs?: number): Failure => ({
	cause,
	retry,
	retryAfterMs,
});

export async function downloadImage(
	client: DashScopeClient,
	url: string,
	target: DownloadTarget,
): Promise<IBinaryData> {
	const what = `Result image ${target.index + 1}`;
	const refused = checkResultUrl(url, await client.baseUrl(target.itemIndex));
	if (refused)
		throw downloadError(client, target, `${what} was not downloaded: its URL ${refused}`, url);

	const { bytes, mimeType } = await withDownloadAttempts(
		client,
		() => attemptDownload(client, url, 'image'),
		(cause) =>
			downloadError(
				client,
				target,
				`${what} could not be downloaded from ${withoutQuery(url)}: ${cause}`,
				url,
			),
	);
	return await client.ctx.helpers.prepareBinaryData(bytes, target.fileName(mimeType), mimeType);
}

/**
 * Tries a result link until it delivers: again after a failure that says another try may succeed,
 * up to DOWNLOAD_ATTEMPTS, with back-off between (Retry-After honoured), never after Stop. The
 * last failure's cause (with the count of attempts) becomes the error `fail` builds.
 */
export async function withDownloadAttempts<T extends object>(
	client: DashScopeClient,
	attempt: () => Promise<Failure | T>,
	fail: (cause: string) => Error,
): Promise<T> {
	for (let tried = 1; ; tried++) {
		const outcome = await attempt();
		if (!isFailure(outcome)) return outcome;
		if (!outcome.retry || tried >= DOWNLOAD_ATTEMPTS || client.cancelled) {
			throw fail(`${outcome.cause}${tried > 1 ? ` (${tried} attempts)` : ''}`);
		}
		await client.pause(backoffMs(tried, outcome.retryAfterMs));
	}
}

const isFailure = (outcome: object): outcome is Failure => 'cause' in outcome && 'retry' in outcome;

async function attemptDownload(
	client: DashScopeClient,
	url: string,
	expect: ExpectedMedia,
): Promise<Failure | { bytes: Buffer; mimeType: string }> {
	const timeout = client.requestTimeoutMs;
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await client.ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout,
			abortSignal: client.ctx.getExecutionCancelSignal(),
		});
	} catch (error) {
		return failure(`no response (${networkErrorCode(error) ?? 'the connection failed'})`, true);
	}
	const status = response.statusCode;
	const contentType = String(response.headers?.['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (status < 200 || status >= 300) return await statusFailure(response);
	const declared = Number(response.headers?.['content-length']);
	const body = await readBody(response.body, Math.min(timeout, STALL_MS), declared);
	if ('cause' in body) return body;
	const { bytes } = body;
	if (Number.isFinite(declared) && declared > bytes.length) {
		return failure(`the body was cut after ${bytes.length} of ${declared} bytes`, true);
	}
	const content = checkContent(bytes, expect);
	if (!content) {
		return failure(
			`the link answered HTTP ${status} with ${contentType || 'no content type'} (${bytes.length} bytes), which is not ${expect === 'image' ? 'an image' : 'a video'}`,
			false,
		);
	}
	if (!content.complete) {
		return failure(
			`the ${content.mimeType} arrived incomplete (${bytes.length} bytes, its end is missing)`,
			true,
		);
	}
	return { bytes, mimeType: content.mimeType };
}

/**
 * The type of the bytes when they are a file of the expected kind, and whether all of it arrived.
 * No video check is defined here: a video body is never taken as checked.
 */
function checkContent(
	bytes: Buffer,
	expect: ExpectedMedia,
): { mimeType: string; complete: boolean } | undefined {
	const header = expect === 'image' ? readImageHeader(bytes) : undefined;
	if (!header) return undefined;
	return { mimeType: header.mimeType, complete: isCompleteImage(bytes, header.mimeType) };
}

/** The whole body, or why it did not arrive: cut, stalled or too large. */
async function readBody(
	body: unknown,
	stallMs: number,
	expected: number,
): Promise<Failure | { bytes: Buffer }> {
	if (Buffer.isBuffer(body)) return { bytes: body };
	if (typeof body === 'string') return { bytes: Buffer.from(body) };
	if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')
		return { bytes: Buffer.alloc(0) };
	const iterator = (body as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
	// One buffer of the announced length when there is one: no second copy to join the chunks.
	const whole =
		Number.isInteger(expected) && expected > 0 && expected <= DOWNLOAD_MAX_BYTES
			? Buffer.allocUnsafe(expected)
			: undefined;
	const chunks: Buffer[] = [];
	let size = 0;
	const stop = async () => {
		await iterator.return?.().catch(() => undefined);
		(body as { destroy?: () => void }).destroy?.();
	};
	try {
		for (;;) {
			// The stall wait ends with the read however the read ends (a cut body rejects): a timer
			// left running would hold the process open for up to a minute.
			const stall = new AbortController();
			let next: IteratorResult<Uint8Array | string> | 'stalled' | undefined;
			try {
				next = await Promise.race([
					iterator.next(),
					sleep(stallMs, stall.signal).then(
						() => 'stalled' as const,
						() => undefined,
					),
				]);
			} finally {
				stall.abort();
			}
			if (next === 'stalled') {
				await stop();
				return failure(
					`the body stalled: nothing arrived for ${Math.round(stallMs / 1000)} s after ${size} bytes`,
					true,
				);
			}
			if (!next || next.done) break;
			const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
			if (size + chunk.length > DOWNLOAD_MAX_BYTES) {
				await stop();
				return failure(
					`the body is larger than ${DOWNLOAD_MAX_BYTES} bytes, more than any result image`,
					false,
				);
			}
			if (whole && size + chunk.length <= whole.length) whole.set(chunk, size);
			else chunks.push(Buffer.from(chunk));
			size += chunk.length;
		}
	} catch (error) {
		const code = networkErrorCode(error) ?? String((error as Error)?.message ?? 'lost');
		return failure(`the connection was cut after ${size} bytes (${code})`, true);
	}
	if (whole && chunks.length === 0) return { bytes: whole.subarray(0, size) };
	return {
		bytes: Buffer.concat(
			whole
				? [whole.subarray(0, size - chunks.reduce((n, c) => n + c.length, 0)), ...chunks]
				: chunks,
			size,
		),
	};
}

/** A result link that answered other than 2xx: expired (403), or worth another try (408, 429, 5xx). */
export async function statusFailure(response: {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}): Promise<Failure> {
	const status = response.statusCode;
	const text = (await readAll(response.body)).slice(0, 300);
	const expired = status === 403 || /expired/i.test(text);
	const retry = status === 408 || status === 429 || status >= 500;
	return failure(
		`HTTP ${status}${expired ? ': the link has probably expired; result links are valid for 24 hours' : ''}`,
		retry,
		parseRetryAfter(response.headers?.['retry-after']),
	);
}

export const withoutQuery = (url: string) => url.split(/[?#]/)[0];

function downloadError(
	client: DashScopeClient,
	target: DownloadTarget,
	message: string,
	url: string,
) {
	const error = new NodeOperationError(client.node, message, {
		itemIndex: target.itemIndex,
		description: `URL: ${url}\nThe image was generated (and billed); its URL stays in the item's "images" for 24 hours.`,
	});
	error.message = message;
	const { taskId, requestId, images } = target.result ?? {};
	return Object.assign(error, { taskId, requestId, images });
}
