/**
 * The async task API: create, read, wait, cancel (docs/dashscope-notes.md §1.2, §3.2–3.3, §6).
 */
import { NodeOperationError } from 'n8n-workflow';

import { observedDurations, recordDuration } from '../api/durations';
import { isFinalStatus, taskError, taskTimeToMs } from '../api/parse';
import { PATHS, type RequestPlan } from '../api/plan';
import { nextPollDelay } from '../api/schedule';
import type { TaskResponse } from '../api/dashScopeBodies';
import type { DashScopeClient } from './client';
import { statusCall, type ApiCall } from './call';
import { apiError, DashScopeError } from './callErrors';
import { settle } from './promises';
import { holdUntilEnded } from './slotsAfterStop';
import { CLEANUP_RETRY, DEFAULT_RETRY, submitRetry } from './retry';

export interface WaitOptions {
	/** A fixed poll interval chosen by the user; otherwise the adaptive schedule. */
	fixedIntervalMs?: number;
	/** Bounds the whole wait, status checks in progress included. */
	maxWaitMs: number;
	/**
	 * When this run sent the create call (this machine's clock); Max Wait counts from there. Get
	 * Task leaves it out: it reads the task at once and counts from its submit_time.
	 */
	submittedAt?: number;
	/** Model and mode of the task, for the pooled durations that predict its end. */
	model?: string;
	mode?: string;
	/** The shortest interval while nothing predicts the end (video tasks: api/schedule.ts). */
	floorMs?: number;
}

/** The last status check before Max Wait still gets this long to answer. */
const LAST_POLL_MIN_MS = 500;

/**
 * Creates the task; returns the create response with `output.task_id` (an answer without one is
 * uncertain, see requestWithRetry). `retryForMs` lets an item that will wait for its result anyway
 * keep retrying 429/5xx that long (while other items or runs hold the account's 5 running tasks)
 * instead of the default short budget.
 */
export async function createTask(
	client: DashScopeClient,
	plan: RequestPlan,
	itemIndex: number,
	retryForMs?: number,
): Promise<TaskResponse> {
	const call: ApiCall = {
		kind: 'submit',
		model: plan.model,
		method: plan.method,
		path: plan.path,
		headers: plan.headers,
		body: plan.body,
		itemIndex,
	};
	const { body } = await client.requestWithRetry<TaskResponse>(call, submitRetry(retryForMs));
	client.inFlight.set(String(body.output?.task_id), itemIndex);
	return body;
}

export async function fetchTask(
	client: DashScopeClient,
	taskId: string,
	itemIndex: number,
	timeoutMs?: number,
): Promise<TaskResponse> {
	const call: ApiCall = { ...statusCall(taskId, itemIndex), timeoutMs };
	return (await client.request<TaskResponse>(call)).body;
}

/**
 * Polls until the task reaches a final status, through rate limits, server errors and lost
 * connections, until Max Wait (a hanging status check included). The schedule counts from the
 * task's own submit_time and learns from the durations of earlier tasks of the same account,
 * model and mode in this process. Stopping the run ends the wait at once.
 */
export async function waitForTask(
	client: DashScopeClient,
	taskId: string,
	itemIndex: number,
	options: WaitOptions,
): Promise<TaskResponse> {
	const account = (await client.account(itemIndex)).fingerprint;
	const deadline = (options.submittedAt ?? Date.now()) + options.maxWaitMs;
	let origin = options.submittedAt;
	/** 2xx status answers in a row that held no readable task status (HTML, cut JSON). */
	let unreadable = 0;
	for (let polls = 0; ; ) {
		const now = Date.now();
		if (now >= deadline)
			throw timeoutError(client, taskId, itemIndex, options.maxWaitMs, unreadable);
		const delay =
			origin === undefined
				? 0
				: nextPollDelay({
						elapsedMs: now - origin,
						polls,
						fixedIntervalMs: options.fixedIntervalMs,
						observedMs: observedDurations(account, options.model, options.mode),
						floorMs: options.floorMs,
					});
		const stopped = () => {
			// What the schedule knows goes with the task's slot, kept while it may still run.
			if (origin !== undefined || options.submittedAt !== undefined) {
				const { model, mode, floorMs } = options;
				const wait = { model, mode, floorMs, deadline, polls };
				client.keptSlots.noteWait(taskId, { ...wait, origin: origin ?? Date.now() });
			}
			return cancelledError(client, taskId, itemIndex);
		};
		await client.pause(Math.min(delay, deadline - now));
		if (client.stopped) throw stopped();
		polls++;
		const timeoutMs = Math.min(
			client.requestTimeoutMs,
			Math.max(deadline - Date.now(), LAST_POLL_MIN_MS),
		);
		const outcome = await settle(fetchTask(client, taskId, itemIndex, timeoutMs));
		if (outcome.ok) {
			const output = outcome.value?.output;
			const status = output?.task_status;
			unreadable = typeof status === 'string' ? 0 : unreadable + 1;
			origin = taskOrigin(output?.submit_time, options.submittedAt) ?? origin;
			if (!isFinalStatus(status)) continue;
			client.inFlight.delete(taskId);
			if (status === 'SUCCEEDED') {
				recordDuration(taskDurationMs(outcome.value), account, options.model, options.mode);
			}
			return outcome.value;
		}
		if (client.stopped) throw stopped();
		// Polling is free and idempotent: only a definite answer (401, 403, 404…) ends it.
		if (!(outcome.error instanceof DashScopeError && outcome.error.transient)) throw outcome.error;
	}
}

/**
 * The task's submission instant from its submit_time (UTC+8), kept within what this machine saw
 * (not before the create call was sent, not in the future), so a skewed clock cannot push the
 * schedule far off.
 */
function taskOrigin(
	submitTime: string | undefined,
	sentAt: number | undefined,
): number | undefined {
	const submitted = taskTimeToMs(submitTime);
	if (submitted === undefined) return undefined;
	return Math.min(Math.max(submitted, sentAt ?? -Infinity), Date.now());
}

/** Submit → end by the server's own clock (both times are UTC+8), when the task says both. */
function taskDurationMs(response: TaskResponse): number | undefined {
	const submitted = taskTimeToMs(response.output?.submit_time);
	const ended = taskTimeToMs(response.output?.end_time);
	return submitted !== undefined && ended !== undefined && ended > submitted
		? ended - submitted
		: undefined;
}

/** Turns a final non-success status into the error the user sees, with task_id, code and message. */
export function assertSucceeded(
	client: DashScopeClient,
	response: TaskResponse,
	itemIndex: number,
): TaskResponse {
	const output = response.output ?? {};
	const status = output.task_status;
	if (status === 'SUCCEEDED') return response;
	const { code, message } = taskError(response);
	const fallback: Record<string, string> = {
		FAILED: 'The task failed',
		// Not "canceled": n8n marks a whole execution as stopped by the user when an error says so.
		CANCELED: 'The task was cancelled on DashScope before it started (Cancel Task, or the console)',
		UNKNOWN: 'The task does not exist or has expired (task data is kept for 24 hours)',
	};
	throw apiError(client.node, {
		body: response,
		itemIndex,
		taskId: output.task_id,
		code: code ?? `Task${status ? status.charAt(0) + status.slice(1).toLowerCase() : 'Failed'}`,
		message: message ?? fallback[status ?? 'FAILED'] ?? `The task ended with status ${status}`,
	});
}

/** `cleanup`: cancelling a stopped run's queued task, sent even though the run stopped. */
export async function cancelTask(
	client: DashScopeClient,
	taskId: string,
	itemIndex: number,
	cleanup = false,
): Promise<TaskResponse> {
	const call: ApiCall = {
		kind: 'cancel',
		method: 'POST',
		path: PATHS.cancel(taskId),
		itemIndex,
		taskId,
		cleanup,
	};
	const { body } = await client.requestWithRetry<TaskResponse>(
		call,
		cleanup ? CLEANUP_RETRY : DEFAULT_RETRY,
	);
	return body ?? {};
}

/**
 * After the run stopped (a failed item without Continue On Fail, or the user's Stop): cancels the
 * run's tasks that are not known to be finished. DashScope cancels only PENDING tasks, for free;
 * the others are already running and may still finish and be billed.
 */
export async function cancelInFlight(
	client: DashScopeClient,
): Promise<{ cancelled: string[]; running: string[] }> {
	const tasks = [...client.inFlight];
	const outcomes = await Promise.all(
		tasks.map(([taskId, itemIndex]) => settle(cancelTask(client, taskId, itemIndex, true))),
	);
	const report = { cancelled: [] as string[], running: [] as string[] };
	outcomes.forEach((outcome, i) => report[outcome.ok ? 'cancelled' : 'running'].push(tasks[i][0]));
	for (const taskId of report.cancelled) {
		client.inFlight.delete(taskId);
		client.keptSlots.release(taskId);
	}
	// Running tasks still count against the account's limit: their slots are held until they end.
	for (const [taskId, itemIndex] of tasks) {
		if (report.running.includes(taskId)) void holdUntilEnded(client, taskId, itemIndex);
	}
	return report;
}

/** Max Wait passed: carries the task id as a field, as the next step is Get Task with it. */
class TaskTimeoutError extends NodeOperationError {
	taskId?: string;
}

function timeoutError(
	client: DashScopeClient,
	taskId: string,
	itemIndex: number,
	maxWaitMs: number,
	unreadable = 0,
) {
	// When the status answers could not be read, the task may well have finished: say so.
	const why =
		unreadable > 0
			? `: the last ${unreadable} status answers were unreadable (not a task status)`
			: '';
	const error = new TaskTimeoutError(
		client.node,
		`Task ${taskId} did not finish within ${Math.round(maxWaitMs / 1000)} seconds${why}`,
		{
			itemIndex,
			description: `The task keeps running on DashScope. Read it later with the Get Task operation and task ID ${taskId} (task data is kept for 24 hours), or raise Max Wait.`,
		},
	);
	error.taskId = taskId;
	return error;
}

function cancelledError(client: DashScopeClient, taskId: string, itemIndex: number) {
	return new NodeOperationError(
		client.node,
		`The execution was cancelled while waiting for task ${taskId}`,
		{
			itemIndex,
		},
	);
}
