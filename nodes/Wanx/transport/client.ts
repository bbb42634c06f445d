/**
 * The HTTP client, the only code that talks to DashScope: base URL from the credential, auth
 * through n8n's helpers, the account's rate gates and running-task slots, cancel-aware pauses,
 * and the retry loop (its policy in retry.ts, its errors in errors.ts).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { DashScopeApi } from '../../../credentials/DashScopeApi.credentials';
import {
	effectiveRegion,
	resolveBaseUrl,
	type DashScopeCredentialData,
} from '../../../credentials/dashScopeRegions';
import { submissionsPerSecond } from '../api/modelLookup';
import {
	DEFAULT_REQUEST_TIMEOUT_MS,
	type ApiCall,
	type ApiResponse,
	type ClientSettings,
} from './call';
import { accountFingerprint, accountGates, runningTasksOf, type AccountGates } from './account';
import { apiError, DashScopeError, networkError, UncertainDeliveryError } from './errors';
import { readAll, settle, untilAborted } from './helpers';
import { gateKind, submitKey, type RateGate } from './limits';
import { backoffMs, DEFAULT_RETRY, type RetryBudget } from './retry';
import type { SlotLease } from './slots';

const CREDENTIAL_TYPE = 'dashScopeApi';

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
		const fingerprint = accountFingerprint(
			String(data.apiKey ?? ''),
			await this.baseUrl(itemIndex),
		);
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
		const gate =
			account &&
			(kind === 'poll' ? account.poll : account.submit(model, await this.submitsPerSecond(model)));
		const booked = gate ? await this.takeTurn(gate) : 0;
		if (this.stopped && !call.cleanup) {
			gate?.cancel(booked);
			throw networkError(this.node, undefined, call, true);
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
					: this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, {
							...options,
							abortSignal: signal,
						});
			// A poll is free: when the run stops, its answer is no longer awaited (n8n 2.x replaces
			// the signal given here with the execution's own, so the race is what ends the wait).
			response = await (call.abortable
				? this.stoppable((signal) => untilAborted(send(signal), signal))
				: send());
		} catch (error) {
			throw networkError(this.node, error, call, this.stopped && !call.cleanup);
		} finally {
			gate?.answered(booked, Date.now());
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) {
			return { headers: response.headers ?? {}, body: response.body as T, sentAt };
		}
		const body = call.stream ? await readAll(response.body) : response.body;
		throw apiError(this.node, {
			status,
			body,
			headers: response.headers,
			itemIndex: call.itemIndex,
			taskId: call.taskId,
		});
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
	 * jitter, honouring Retry-After, within `budget` (retry.ts: so many attempts, within so many
	 * ms). A connection lost after a submission was sent (UncertainDeliveryError) is repeated only
	 * when the user allowed it (Resubmit When Unsure), and then once: it may create and bill a
	 * second task.
	 */
	async requestWithRetry<T>(
		call: ApiCall,
		budget: RetryBudget = DEFAULT_RETRY,
	): Promise<ApiResponse<T>> {
		const { attempts, withinMs } = budget;
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
			const delay = backoffMs(
				attempt,
				error instanceof DashScopeError ? error.retryAfterMs : undefined,
			);
			const retry = error instanceof DashScopeError && error.transient;
			if (
				!retry ||
				attempt >= attempts ||
				(this.stopped && !call.cleanup) ||
				Date.now() - started + delay > withinMs
			)
				throw error;
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
		return new NodeOperationError(this.node, 'The execution stopped before this item was sent', {
			itemIndex,
		});
	}

	/** The run's submission rate (Submissions per Second), for the account's per-model gate. */
	async submitsPerSecond(model: string): Promise<number> {
		// Left unset, the gate follows the model's limit in the credential's region (wan2.6-t2i, Beijing: 1/s).
		return this.settings.submitsPerSecond ?? submissionsPerSecond(model, await this.region());
	}
}
