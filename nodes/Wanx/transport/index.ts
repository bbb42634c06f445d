/**
 * The only place that talks HTTP: base URL from the credential, auth through n8n's helpers,
 * DashScope error bodies → NodeApiError, retries of answers that say "try again".
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { effectiveRegion, resolveBaseUrl, type DashScopeCredentialData } from '../../../credentials/dashScopeRegions';
import { describeCode, isTransient } from '../api/errors';
import { errorBody } from '../api/parse';
import { DEFAULT_SUBMITS_PER_SECOND, ExecutionGates, gateKind } from './limits';

export const CREDENTIAL_TYPE = 'dashScopeApi';

export interface ApiCall {
	method: 'GET' | 'POST';
	path: string;
	itemIndex: number;
	body?: object;
	headers?: Record<string, string>;
	/** Return the body as a stream (SSE). */
	stream?: boolean;
	timeoutMs?: number;
	/** Added to error messages, so a failed poll still names its task. */
	taskId?: string;
}

export interface ApiResponse<T> {
	status: number;
	headers: IDataObject;
	body: T;
	/** True when the call was sent a second time after an uncertain first attempt. */
	resubmitted?: boolean;
}

/** Thrown when the request may have reached DashScope but no answer came back. */
export class UncertainDeliveryError extends NodeApiError {
	readonly uncertain = true;
}

/** Network failures where nothing was sent, so repeating cannot create a second task. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;

/** Settings of one execution (the node's run options, read once). */
export interface ClientSettings {
	/** Task submissions (create and sync calls) per second; 0 turns the gate off. */
	submitsPerSecond?: number;
	/** Send a create or sync call once more when the connection was lost after sending it. */
	resubmitUncertain?: boolean;
	/** Timeout of each API call (not of the whole wait for a task). */
	requestTimeoutMs?: number;
}

/** Durations of succeeded tasks kept for the poll schedule. */
const KEPT_DURATIONS = 50;

/**
 * One per execution: credential data read once, cancel-aware pauses, the rate gates every
 * submission and poll goes through, and the task durations seen so far (for the poll schedule).
 */
export class DashScopeClient {
	private credentialData?: Promise<DashScopeCredentialData>;

	readonly gates: ExecutionGates;

	/** Submit → end of the tasks that succeeded in this execution, oldest first. */
	readonly taskDurations: number[] = [];

	constructor(
		readonly ctx: IExecuteFunctions,
		readonly settings: ClientSettings = {},
	) {
		this.gates = new ExecutionGates(settings.submitsPerSecond ?? DEFAULT_SUBMITS_PER_SECOND);
	}

	recordTaskDuration(ms: number | undefined): void {
		if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return;
		this.taskDurations.push(ms);
		if (this.taskDurations.length > KEPT_DURATIONS) this.taskDurations.shift();
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	get cancelled(): boolean {
		return this.ctx.getExecutionCancelSignal()?.aborted === true;
	}

	/** The credential's data, read once per execution. */
	private credential(): Promise<DashScopeCredentialData> {
		this.credentialData ??= this.ctx.getCredentials<DashScopeCredentialData>(CREDENTIAL_TYPE);
		return this.credentialData;
	}

	/** The API root of the credential (`https://dashscope.aliyuncs.com`). */
	async baseUrl(itemIndex: number): Promise<string> {
		const resolved = resolveBaseUrl(await this.credential());
		if ('error' in resolved) throw new NodeOperationError(this.node, resolved.error, { itemIndex });
		return resolved.url;
	}

	/** The region the credential calls, a Frankfurt workspace host given as Custom Base URL included. */
	async region(): Promise<string | undefined> {
		return effectiveRegion(await this.credential());
	}

	/**
	 * Sends one call. Non-2xx answers throw NodeApiError with DashScope's code, message and
	 * request id; a lost connection throws UncertainDeliveryError when the request may have arrived.
	 */
	async request<T>(call: ApiCall): Promise<ApiResponse<T>> {
		const url = (await this.baseUrl(call.itemIndex)) + call.path;
		// Submissions and polls wait for their slot under the account's rate limits.
		const wait = this.gates.reserve(call.method, call.path, Date.now());
		if (wait > 0) await this.pause(wait);
		if (this.cancelled) throw this.networkError(undefined, call);
		const options: IHttpRequestOptions = {
			method: call.method,
			url,
			headers: { 'Content-Type': 'application/json', ...call.headers },
			json: !call.stream,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: call.timeoutMs ?? this.settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
		};
		if (call.body) options.body = call.body as IDataObject;
		if (call.stream) options.encoding = 'stream';

		let response: { statusCode: number; headers: IDataObject; body: unknown };
		try {
			response = await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options);
		} catch (error) {
			throw this.networkError(error, call);
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) {
			return { status, headers: response.headers ?? {}, body: response.body as T };
		}
		const body = call.stream ? await readAll(response.body) : response.body;
		throw apiError(this.node, { status, body, headers: response.headers, itemIndex: call.itemIndex, taskId: call.taskId });
	}

	/**
	 * `request` that repeats answers saying "try again" (429, 5xx) with exponential back-off and
	 * jitter, honouring Retry-After, within `attempts` and `maxMs`. A connection lost after a
	 * submission was sent (UncertainDeliveryError) is repeated only when the user allowed it
	 * (Resubmit When Unsure), and then once: it may create and bill a second task.
	 */
	async requestWithRetry<T>(call: ApiCall, attempts = 5, maxMs = 60_000): Promise<ApiResponse<T>> {
		const started = Date.now();
		let resubmitted = false;
		for (let attempt = 1; ; attempt++) {
			const outcome = await settle(this.request<T>(call));
			if (outcome.ok) return resubmitted ? { ...outcome.value, resubmitted } : outcome.value;
			const error = outcome.error;
			if (
				error instanceof UncertainDeliveryError &&
				this.settings.resubmitUncertain === true &&
				!resubmitted &&
				!this.cancelled &&
				gateKind(call.method, call.path) === 'submit'
			) {
				resubmitted = true;
				await this.pause(backoffMs(1));
				continue;
			}
			const delay = backoffMs(attempt, error instanceof DashScopeError ? error.retryAfterMs : undefined);
			const retry = error instanceof DashScopeError && error.transient;
			if (!retry || attempt >= attempts || this.cancelled || Date.now() - started + delay > maxMs) throw error;
			await this.pause(delay);
		}
	}

	/** Sleeps in slices so that cancelling the execution stops the wait at once, on every n8n version. */
	async pause(ms: number): Promise<void> {
		const signal = this.ctx.getExecutionCancelSignal();
		const until = Date.now() + ms;
		for (let left = ms; left > 0 && !signal?.aborted; left = until - Date.now()) {
			try {
				await sleep(Math.min(left, 500), signal);
			} catch {
				return; // aborted: the caller checks `cancelled`
			}
		}
	}

	private networkError(error: unknown, call: ApiCall): NodeApiError {
		const code = networkErrorCode(error);
		const reason = code ?? 'no response';
		const where = call.taskId ? ` (task ${call.taskId})` : '';
		if (this.cancelled) {
			return new NodeApiError(this.node, { code: 'Cancelled' } as JsonObject, {
				message: 'The execution was cancelled',
				itemIndex: call.itemIndex,
			});
		}
		const notSent = code !== undefined && NOT_SENT_CODES.has(code);
		const payload = { networkError: code ?? 'NoResponse' } as JsonObject;
		if (call.method === 'POST' && !notSent) {
			const message = `The connection to DashScope was lost (${reason}) after the request was sent${where}`;
			const uncertain = new UncertainDeliveryError(this.node, payload, {
				message,
				description:
					'The task may have been created and billed. Check the task list in the Model Studio console before running this item again.',
				itemIndex: call.itemIndex,
			});
			return keepMessage(uncertain, message);
		}
		const message = `Could not reach DashScope (${reason})${where}`;
		const err = new DashScopeError(this.node, payload, {
			message,
			description: 'Check the network and the base URL of the credential.',
			itemIndex: call.itemIndex,
		});
		err.transient = true;
		return keepMessage(err, message);
	}
}

/**
 * NodeApiError swaps a message that mentions an errno code (ECONNRESET…) for a generic text;
 * ours says more (what was sent, which task), so it is put back.
 */
function keepMessage<E extends NodeApiError>(error: E, message: string): E {
	error.message = message;
	return error;
}

/** A promise's outcome as a value, so callers branch on failures without rethrowing from catch. */
export async function settle<T>(
	promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

/** A DashScope failure with what the retry policy needs to know. */
export class DashScopeError extends NodeApiError {
	transient = false;

	retryAfterMs?: number;

	dashScopeCode?: string;

	requestId?: string;

	taskId?: string;
}

export function backoffMs(attempt: number, retryAfterMs?: number): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 60_000);
	const base = Math.min(1000 * 2 ** (attempt - 1), 16_000);
	return Math.round(base / 2 + Math.random() * (base / 2));
}

export function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The error code of a failed request without anything else from it: the error holds the request headers. */
export function networkErrorCode(error: unknown): string | undefined {
	const candidates = [
		(error as { code?: unknown })?.code,
		(error as { cause?: { code?: unknown } })?.cause?.code,
		(error as { cause?: { cause?: { code?: unknown } } })?.cause?.cause?.code,
	];
	const code = candidates.find((value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value));
	const message = String((error as { message?: unknown })?.message ?? '');
	// axios reports its own timeout as ECONNABORTED "timeout of N ms exceeded" (n8n keeps it as the cause).
	const causeMessage = String((error as { cause?: { message?: unknown } })?.cause?.message ?? '');
	if (code === 'ECONNABORTED' && /timeout/i.test(`${message} ${causeMessage}`)) return 'ETIMEDOUT';
	if (code) return code as string;
	if (/timeout/i.test(message)) return 'ETIMEDOUT';
	if (/socket hang up|ECONNRESET/i.test(message)) return 'ECONNRESET';
	return undefined;
}

export interface ApiFailure {
	status?: number;
	body: unknown;
	headers?: IDataObject;
	itemIndex: number;
	taskId?: string;
	/** Replaces the code/message found in the body (task failures carry them in `output`). */
	code?: string;
	message?: string;
}

/** DashScope's code, message and request id, in the message and as fields, never the key. */
export function apiError(node: INode, failure: ApiFailure): DashScopeError {
	const body = errorBody(failure.body);
	const code = failure.code ?? body.code;
	const message = failure.message ?? body.message ?? (failure.status ? `HTTP ${failure.status}` : 'Unknown error');
	const requestId = body.request_id;
	const details = [failure.taskId && `task_id ${failure.taskId}`, requestId && `request_id ${requestId}`]
		.filter(Boolean)
		.join(', ');
	const summary = `DashScope${code ? ` ${code}` : ''}: ${message}${details ? ` (${details})` : ''}`;
	const payload: JsonObject = { code: code ?? null, message, request_id: requestId ?? null };
	if (failure.taskId) payload.task_id = failure.taskId;
	const error = new DashScopeError(node, payload, {
		message: summary,
		description: describeCode(code, message),
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex: failure.itemIndex,
	});
	keepMessage(error, summary);
	// NodeApiError takes httpCode from the body's `code` when no status is given: keep it a status.
	if (!/^\d{3}$/.test(error.httpCode ?? '')) error.httpCode = null;
	error.transient = isTransient(failure.status, code, message);
	error.retryAfterMs = parseRetryAfter(failure.headers?.['retry-after']);
	error.dashScopeCode = code;
	error.requestId = requestId;
	error.taskId = failure.taskId;
	return error;
}

/** Collects a streamed error body as text. */
export async function readAll(body: unknown): Promise<string> {
	if (typeof body === 'string') return body;
	if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return '';
	const chunks: string[] = [];
	const decoder = new TextDecoder();
	for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
		chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
		if (chunks.length > 256) break;
	}
	return chunks.join('');
}
