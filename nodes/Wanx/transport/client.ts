/**
 * The HTTP client, the only code that talks to DashScope: base URL from the credential, auth
 * through n8n's helpers, a turn at the account's rate gates (turns.ts), and the retry loop (its
 * policy in retry.ts, its errors in callErrors.ts). Cancel-aware pauses are in stoppable.ts.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DashScopeApi } from '../../../credentials/DashScopeApi.credentials';
import {
	effectiveRegion,
	resolveBaseUrl,
	type DashScopeCredentialData,
} from '../../../credentials/dashScopeRegions';
import {
	DEFAULT_REQUEST_TIMEOUT_MS,
	httpOptions,
	type ApiCall,
	type ApiResponse,
	type ClientSettings,
} from './call';
import { accountFingerprint, accountGates, runningTasksOf, type AccountGates } from './account';
import {
	apiError,
	DashScopeError,
	networkError,
	unconfirmedCreate,
	UncertainDeliveryError,
} from './callErrors';
import { readAll } from './bodyText';
import { settle, untilAborted } from './promises';
import { backoffMs, DEFAULT_RETRY, resubmitWhenUnsure, type RetryBudget } from './retry';
import type { SlotLease } from './slots';
import { KeptSlots } from './slotsAfterStop';
import { StoppableRun } from './stoppable';
import { gateOf, takeTurn } from './turns';

const CREDENTIAL_TYPE = 'dashScopeApi';

/** The credential's base URL, region, account fingerprint (never the key) and running-task limit. */
interface CredentialFacts {
	base: ReturnType<typeof resolveBaseUrl>;
	region: string;
	fingerprint: string;
	runningTasks: number;
}

/**
 * One per node run: credential data read once, cancel-aware pauses, the account's gates every
 * submission and poll goes through (shared with every run of the process on the same account),
 * and the tasks of this run still in flight (to cancel them when the run stops).
 */
export class DashScopeClient extends StoppableRun {
	private credentialData?: Promise<DashScopeCredentialData>;
	private credentialFacts?: Promise<CredentialFacts>;

	/** Tasks created by this run and not yet seen in a final state: task id → item index. */
	readonly inFlight = new Map<string, number>();

	/** Slots of this run's tasks still running at DashScope after it stopped (slotsAfterStop.ts). */
	readonly keptSlots = new KeptSlots();

	constructor(
		readonly ctx: IExecuteFunctions,
		readonly settings: ClientSettings = {},
	) {
		super(ctx.getExecutionCancelSignal());
	}

	/**
	 * On the user's Stop, n8n aborts every call made through httpRequestWithAuthentication (it
	 * passes the execution's cancel signal; httpRequest gets none). Two kinds of call must not be
	 * cut: a create already on the wire (DashScope may have received it: the task would run and
	 * bill with an id nobody learnt; its wait is bounded by the request timeout) and the cancels of
	 * the run's queued tasks. They go through httpRequest, authenticated by the credential's own
	 * `authenticate`.
	 */
	private async sendUnaborted(options: IHttpRequestOptions) {
		const authenticated = await new DashScopeApi().authenticate(
			(await this.credential()) as ICredentialDataDecryptedObject,
			options,
		);
		return await this.ctx.helpers.httpRequest(authenticated);
	}

	/** The account's gates (one-way fingerprint of key and base URL) with the credential's slot count. */
	async account(itemIndex: number): Promise<AccountGates> {
		await this.baseUrl(itemIndex); // a credential without a usable base URL fails here, per item
		const { fingerprint, runningTasks } = await this.facts();
		return accountGates(fingerprint, runningTasks, Date.now());
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

	/** What every call derives from the credential, worked out once per execution. */
	private facts(): Promise<CredentialFacts> {
		this.credentialFacts ??= this.credential().then((data) => {
			const base = resolveBaseUrl(data);
			return {
				base,
				region: effectiveRegion(data),
				fingerprint: 'error' in base ? '' : accountFingerprint(String(data.apiKey ?? ''), base.url),
				runningTasks: runningTasksOf(data),
			};
		});
		return this.credentialFacts;
	}

	/** The API root of the credential (`https://dashscope.aliyuncs.com`). */
	async baseUrl(itemIndex: number): Promise<string> {
		const { base } = await this.facts();
		if ('error' in base) throw new NodeOperationError(this.node, base.error, { itemIndex });
		return base.url;
	}

	/** The region the credential calls, a Frankfurt workspace host given as Custom Base URL included. */
	async region(): Promise<string | undefined> {
		return (await this.facts()).region;
	}

	/**
	 * Sends one call. Non-2xx answers throw NodeApiError with DashScope's code, message and
	 * request id; a lost connection throws UncertainDeliveryError when the request may have arrived.
	 */
	async request<T>(call: ApiCall): Promise<ApiResponse<T>> {
		const url = (await this.baseUrl(call.itemIndex)) + call.path;
		// Submissions and polls wait for their turn under the account's rate limits.
		const gate = await gateOf(this, call);
		const booked = gate ? await takeTurn(this, gate) : 0;
		if (this.stopped && !call.cleanup) {
			gate?.cancel(booked);
			throw networkError(this.node, undefined, call, true);
		}
		const sentAt = Date.now();
		const options = httpOptions(call, url, this.requestTimeoutMs);

		let response: { statusCode: number; headers: IDataObject; body: unknown };
		try {
			const send = (signal?: AbortSignal) =>
				call.kind === 'submit' || (call.cleanup && this.cancelled)
					? this.sendUnaborted(options)
					: this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, {
							...options,
							abortSignal: signal,
						});
			// A poll is free: when the run stops, its answer is no longer awaited (n8n 2.x replaces
			// the signal given here with the execution's own, so the race is what ends the wait).
			response = await (call.kind === 'poll' && !call.cleanup
				? this.stoppable((signal) => untilAborted(send(signal), signal))
				: send());
		} catch (error) {
			// A create's lost answer stays uncertain even after Stop: it may have made a task.
			const cancelled = this.stopped && !call.cleanup && call.kind !== 'submit';
			throw networkError(this.node, error, call, cancelled);
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
	 * `request` that repeats answers saying "try again" (429, 5xx) with exponential back-off and
	 * jitter, honouring Retry-After, within `budget` (retry.ts: so many attempts, within so many
	 * ms). A submission of unknown fate (UncertainDeliveryError: the connection was lost after it
	 * was sent, or a create was answered without task_id) is sent again only as
	 * `resubmitWhenUnsure` allows: it may create and bill a second task. A create's answer is
	 * returned only with its task_id. `read` takes a 2xx answer apart (an SSE stream into its
	 * message); an error it throws is judged here as an error answer would be.
	 */
	async requestWithRetry<T>(call: ApiCall, budget?: RetryBudget): Promise<ApiResponse<T>>;
	async requestWithRetry<T, R>(
		call: ApiCall,
		budget: RetryBudget,
		read: (response: ApiResponse<T>) => Promise<R>,
	): Promise<R>;
	async requestWithRetry<T, R>(
		call: ApiCall,
		budget: RetryBudget = DEFAULT_RETRY,
		read?: (response: ApiResponse<T>) => Promise<R>,
	): Promise<ApiResponse<T> | R> {
		const { attempts, withinMs } = budget;
		const started = Date.now();
		let resubmitted = false;
		for (let attempt = 1; ; attempt++) {
			const sent = await settle(this.request<T>(call));
			const outcome = sent.ok ? await settle(this.accept(call, sent.value, read)) : sent;
			if (outcome.ok) return outcome.value;
			const { error } = outcome;
			if (error instanceof UncertainDeliveryError) {
				const allowed = this.settings.resubmitUncertain === true;
				if (!resubmitWhenUnsure(call.kind, { allowed, resubmitted, stopped: this.stopped }))
					throw error;
				resubmitted = true;
				// After a lost connection a short pause first; a create answered without task_id is
				// sent again at once.
				if (!sent.ok) await this.pause(backoffMs(1));
				continue;
			}
			const delay = backoffMs(
				attempt,
				error instanceof DashScopeError ? error.retryAfterMs : undefined,
				error instanceof DashScopeError && error.httpCode === '429'
					? budget.throttledMaxMs
					: undefined,
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
	 * After Stop, the slot of an item whose task is still in flight is kept rather than given back:
	 * the task may be running at DashScope, where it still counts against the account's limit.
	 * `cancelInFlight` then frees it (cancelled) or holds it until the task ends. True when kept.
	 */
	keepSlotAfterStop(itemIndex: number, slot: SlotLease): boolean {
		if (!this.stopped) return false;
		const task = [...this.inFlight].find(([, item]) => item === itemIndex);
		if (!task) return false;
		this.keptSlots.keep(task[0], slot);
		return true;
	}

	/** A 2xx answer as the caller takes it: a create's only with its task_id, then through `read`. */
	private async accept<T, R>(
		call: ApiCall,
		response: ApiResponse<T>,
		read?: (response: ApiResponse<T>) => Promise<R>,
	): Promise<ApiResponse<T> | R> {
		const unconfirmed = unconfirmedCreate(this.node, call, response.body);
		if (unconfirmed) throw unconfirmed;
		return read ? await read(response) : response;
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
}
