/**
 * The only place that talks HTTP: base URL from the credential, auth through n8n's helpers,
 * DashScope error bodies → NodeApiError, retries of answers that say "try again".
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DashScopeApi } from '../../../credentials/DashScopeApi.credentials';
import { effectiveRegion, resolveBaseUrl, type DashScopeCredentialData } from '../../../credentials/dashScopeRegions';
import { describeCode, isTransient } from '../api/errors';
import { submissionsPerSecond } from '../api/models';
import { errorBody } from '../api/parse';
import { accountFingerprint, accountGates, DEFAULT_RUNNING_TASKS, type AccountGates } from './account';
import { gateKind, type RateGate } from './limits';
import type { SlotLease } from './slots';

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
	/** Sent even after the run stopped (cancelling the run's queued tasks). */
	cleanup?: boolean;
	/** A poll: aborted at once when the run stops, as nothing is lost by that. */
	abortable?: boolean;
}

export interface ApiResponse<T> {
	status: number;
	headers: IDataObject;
	body: T;
	/** True when the call was sent a second time after an uncertain first attempt. */
	resubmitted?: boolean;
	/** When the (last) call was sent, by this machine's clock. */
	sentAt: number;
}

/** The promise's outcome, or a rejection as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) return Promise.reject(new Error('stopped'));
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new Error('stopped'));
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

/** The credential's Running Tasks Limit, DashScope's 5 when unset. */
function runningTasksOf(data: DashScopeCredentialData): number {
	const value = Number(data.runningTasks ?? DEFAULT_RUNNING_TASKS);
	return Number.isInteger(value) && value >= 1 ? value : DEFAULT_RUNNING_TASKS;
}

/** Submissions are counted per model (dashscope-api.md §6.1); the model is in the request body. */
function submitKey(call: ApiCall): string {
	const model = (call.body as { model?: unknown } | undefined)?.model;
	return typeof model === 'string' ? model : '';
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

/**
 * One per node run: credential data read once, cancel-aware pauses, the account's gates every
 * submission and poll goes through (shared with every run of the process on the same account),
 * and the tasks of this run still in flight (to cancel them when the run stops).
 */
export class DashScopeClient {
	private credentialData?: Promise<DashScopeCredentialData>;

	/** Set when the execution is cancelled or the run stops after a fatal item error. */
	private halted = false;

	/**
	 * One controller per wait in progress (pause, poll, slot), aborted by `stop`: no listener piles
	 * up on one shared signal however many items wait at once.
	 */
	private readonly waits = new Set<AbortController>();

	/** Tasks created by this run and not yet seen in a final state: task id → item index. */
	readonly inFlight = new Map<string, number>();

	constructor(
		readonly ctx: IExecuteFunctions,
		readonly settings: ClientSettings = {},
	) {
		const signal = ctx.getExecutionCancelSignal();
		if (signal?.aborted) this.halted = true;
		else signal?.addEventListener('abort', () => this.stop(), { once: true });
	}

	/** Stops every wait of this run (slot, rate gate, pause, poll in progress). */
	stop(): void {
		this.halted = true;
		for (const wait of this.waits) wait.abort();
		this.waits.clear();
	}

	/** The run stopped: cancelled by the user or failed. Nothing new is sent. */
	get stopped(): boolean {
		return this.halted;
	}

	/**
	 * After the user's Stop, n8n aborts every call made through httpRequestWithAuthentication, but
	 * the run's queued tasks must still be cancelled (they would run and be billed): those calls go
	 * through httpRequest, authenticated by the credential's own `authenticate`.
	 */
	private async sendAfterStop(options: IHttpRequestOptions) {
		const authenticated = await new DashScopeApi().authenticate(
			(await this.credential()) as ICredentialDataDecryptedObject,
			options,
		);
		return await this.ctx.helpers.httpRequest(authenticated);
	}

	/** Runs `work` with a signal that `stop` aborts. */
	private async stoppable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
		const controller = new AbortController();
		if (this.halted) controller.abort();
		else this.waits.add(controller);
		try {
			return await work(controller.signal);
		} finally {
			this.waits.delete(controller);
		}
	}

	/** The account's gates (one-way fingerprint of key and base URL) with the credential's slot count. */
	async account(itemIndex: number): Promise<AccountGates> {
		const data = await this.credential();
		const fingerprint = accountFingerprint(String(data.apiKey ?? ''), await this.baseUrl(itemIndex));
		return accountGates(fingerprint, runningTasksOf(data), this, Date.now());
	}

	/**
	 * Waits for one of the account's running-task slots, in arrival order (see slots.ts), at most
	 * `maxWaitMs`. Undefined when the run stopped meanwhile.
	 */
	async acquireSlot(itemIndex: number, maxWaitMs: number): Promise<SlotLease | undefined> {
		const slots = (await this.account(itemIndex)).slots;
		const giveUp = new AbortController();
		if (this.halted) giveUp.abort();
		else this.waits.add(giveUp); // `stop` aborts it
		let granted = false;
		const lease = slots.acquire(this, giveUp.signal).then((value) => ((granted = true), value));
		// After maxWaitMs the waiter leaves the queue; once granted, the pause ends within a slice.
		void this.pause(maxWaitMs, () => granted).then(() => giveUp.abort());
		const result = await lease;
		this.waits.delete(giveUp);
		if (result || this.stopped) return result;
		throw new NodeOperationError(
			this.node,
			`No running-task slot of the account became free within ${Math.round(maxWaitMs / 1000)} seconds`,
			{
				itemIndex,
				description: `All ${slots.capacity} running tasks the credential allows are taken by other items and executions of this n8n. Raise Max Wait, or the credential's Running Tasks Limit if the account allows more.`,
			},
		);
	}

	/**
	 * Runs `work` while holding one of the account's running-task slots (waiting up to `maxWaitMs`
	 * for one), and gives the slot back however `work` ends.
	 */
	async withSlot<T>(itemIndex: number, maxWaitMs: number, work: () => Promise<T>): Promise<T> {
		const slot = await this.acquireSlot(itemIndex, maxWaitMs);
		if (!slot) throw this.stoppedError(itemIndex);
		try {
			return await work();
		} finally {
			slot.release();
		}
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	/** The user stopped the execution (as opposed to the run stopping after a failed item). */
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
		// Submissions and polls wait for their turn under the account's rate limits.
		const kind = gateKind(call.method, call.path);
		const account = kind && !call.cleanup ? await this.account(call.itemIndex) : undefined;
		const model = submitKey(call);
		const gate = account && (kind === 'poll' ? account.poll : account.submit(model, await this.submitsPerSecond(model)));
		const booked = gate ? await this.takeTurn(gate) : 0;
		if (this.stopped && !call.cleanup) {
			gate?.cancel(booked);
			throw this.networkError(undefined, call);
		}
		const sentAt = Date.now();
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
			const send = (signal?: AbortSignal) =>
				call.cleanup && this.cancelled
					? this.sendAfterStop(options)
					: this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, { ...options, abortSignal: signal });
			// A poll is free: when the run stops, its answer is no longer awaited (n8n 2.x replaces
			// the signal given here with the execution's own, so the race is what ends the wait).
			response = await (call.abortable ? this.stoppable((signal) => untilAborted(send(signal), signal)) : send());
		} catch (error) {
			throw this.networkError(error, call);
		} finally {
			gate?.answered(booked, Date.now());
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) {
			return { status, headers: response.headers ?? {}, body: response.body as T, sentAt };
		}
		const body = call.stream ? await readAll(response.body) : response.body;
		throw apiError(this.node, { status, body, headers: response.headers, itemIndex: call.itemIndex, taskId: call.taskId });
	}

	/**
	 * Books a turn at the gate and waits for it; past the wait the booking is checked again, since
	 * calls booked earlier may have been answered later than booked (RateGate.answered) and so
	 * moved the window. Returns the booked time, for `answered`.
	 */
	private async takeTurn(gate: RateGate): Promise<number> {
		const booked = Date.now() + gate.reserve(Date.now());
		for (;;) {
			const now = Date.now();
			const wait = booked > now ? booked - now : this.stopped ? 0 : gate.recheck(booked, now);
			if (wait === 0) return booked > now || this.stopped ? booked : now; // recheck moved it to now
			await this.pause(wait);
			if (this.stopped) return booked;
		}
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
				!this.stopped &&
				gateKind(call.method, call.path) === 'submit'
			) {
				resubmitted = true;
				await this.pause(backoffMs(1));
				continue;
			}
			const delay = backoffMs(attempt, error instanceof DashScopeError ? error.retryAfterMs : undefined);
			const retry = error instanceof DashScopeError && error.transient;
			if (!retry || attempt >= attempts || (this.stopped && !call.cleanup) || Date.now() - started + delay > maxMs) throw error;
			await this.pause(delay);
		}
	}

	/**
	 * Sleeps in slices so that stopping the run ends the wait at once, on every n8n version (older
	 * ones ignore the signal of `sleep`); `until` ends it early too.
	 */
	async pause(ms: number, until?: () => boolean): Promise<void> {
		await this.stoppable(async (signal) => {
			const end = Date.now() + ms;
			for (let left = ms; left > 0 && !signal.aborted && !until?.(); left = end - Date.now()) {
				try {
					await sleep(Math.min(left, 500), signal);
				} catch {
					return; // aborted: the caller checks `stopped`
				}
			}
		});
	}

	get requestTimeoutMs(): number {
		return this.settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
	}

	/** The error of an item that was never sent because the run stopped first. */
	stoppedError(itemIndex: number): NodeOperationError {
		return new NodeOperationError(this.node, 'The execution stopped before this item was sent', { itemIndex });
	}

	/** The run's submission rate (Submissions per Second), for the account's per-model gate. */
	async submitsPerSecond(model: string): Promise<number> {
		// Left unset, the gate follows the model's limit in the credential's region (wan2.6-t2i, Beijing: 1/s).
		return this.settings.submitsPerSecond ?? submissionsPerSecond(model, await this.region());
	}

	private networkError(error: unknown, call: ApiCall): NodeApiError {
		const code = networkErrorCode(error);
		const reason = code ?? 'no response';
		const where = call.taskId ? ` (task ${call.taskId})` : '';
		if (this.stopped && !call.cleanup) {
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

/** The first back-off; doubled per attempt up to 16 times that. */
let backoffBaseMs = 1000;

/**
 * For the test harness only: the engine tests run the back-off at a fraction of its real length
 * (together with short emulator task times) instead of waiting real seconds.
 */
export function scaleBackoffForTests(factor: number): void {
	backoffBaseMs = 1000 * factor;
}

export function backoffMs(attempt: number, retryAfterMs?: number): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 60_000);
	const base = Math.min(backoffBaseMs * 2 ** (attempt - 1), backoffBaseMs * 16);
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
