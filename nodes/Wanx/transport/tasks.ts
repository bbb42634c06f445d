/**
 * The async task API: create, read, wait, cancel (dashscope-api.md §1.2, §3.2–3.3, §6).
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isFinalStatus, taskError, taskTimeToMs } from '../api/parse';
import { PATHS, type RequestPlan } from '../api/plan';
import { nextPollDelay } from '../api/schedule';
import type { TaskResponse } from '../api/types';
import { apiError, DashScopeError, settle, UncertainDeliveryError, type DashScopeClient } from './index';

export interface WaitOptions {
	/** A fixed poll interval chosen by the user; otherwise the adaptive schedule. */
	fixedIntervalMs?: number;
	maxWaitMs: number;
	/** When the wait started (the task's submission), for the schedule and the max wait. */
	startedAt?: number;
}

/**
 * Creates the task; returns the create response with `output.task_id`. A 2xx answer without a
 * task_id (cut or garbled) is as uncertain as a lost connection: the task may exist. Either is
 * sent again only with Resubmit When Unsure, and at most once per item. `retryForMs` lets an item
 * that will wait for its result anyway keep retrying 429/5xx that long (while other items or runs
 * hold the account's 5 running tasks) instead of the default short budget.
 */
export async function createTask(
	client: DashScopeClient,
	plan: RequestPlan,
	itemIndex: number,
	retryForMs?: number,
): Promise<TaskResponse> {
	for (let resubmitted = false; ; ) {
		const call = { method: plan.method, path: plan.path, headers: plan.headers, body: plan.body, itemIndex };
		const response = await (retryForMs === undefined
			? client.requestWithRetry<TaskResponse>(call)
			: client.requestWithRetry<TaskResponse>(call, 5 + Math.ceil(retryForMs / 5000), retryForMs));
		const body = response.body;
		if (typeof body === 'object' && body?.output?.task_id) return body;
		resubmitted ||= response.resubmitted === true;
		if (resubmitted || client.settings.resubmitUncertain !== true || client.cancelled) {
			throw noTaskIdError(client, body, itemIndex);
		}
		resubmitted = true;
	}
}

function noTaskIdError(client: DashScopeClient, body: unknown, itemIndex: number) {
	const message = 'DashScope answered the create call without a readable task_id';
	const error = new UncertainDeliveryError(client.node, { networkError: 'NoTaskId' } as JsonObject, {
		message,
		description: `The task may have been created and billed. Check the task list in the Model Studio console before running this item again. Response: ${String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300)}`,
		itemIndex,
	});
	error.message = message;
	return error;
}

export async function fetchTask(client: DashScopeClient, taskId: string, itemIndex: number): Promise<TaskResponse> {
	const { body } = await client.request<TaskResponse>({ method: 'GET', path: PATHS.task(taskId), itemIndex, taskId });
	return body;
}

/**
 * Polls until the task reaches a final status, through rate limits, server errors and lost
 * connections, until the max wait. Cancelling the execution stops it at once.
 */
export async function waitForTask(
	client: DashScopeClient,
	taskId: string,
	itemIndex: number,
	options: WaitOptions,
): Promise<TaskResponse> {
	const startedAt = options.startedAt ?? Date.now();
	/** 2xx status answers in a row that held no readable task status (HTML, cut JSON). */
	let unreadable = 0;
	for (let polls = 0; ; ) {
		const elapsedMs = Date.now() - startedAt;
		const delay = nextPollDelay({
			elapsedMs,
			polls,
			fixedIntervalMs: options.fixedIntervalMs,
			observedMs: client.taskDurations,
		});
		const remaining = options.maxWaitMs - elapsedMs;
		if (remaining <= 0) throw timeoutError(client, taskId, itemIndex, options.maxWaitMs, unreadable);
		await client.pause(Math.min(delay, remaining));
		if (client.cancelled) throw cancelledError(client, taskId, itemIndex);
		polls++;
		const outcome = await settle(fetchTask(client, taskId, itemIndex));
		if (outcome.ok) {
			const status = outcome.value?.output?.task_status;
			unreadable = typeof status === 'string' ? 0 : unreadable + 1;
			if (!isFinalStatus(status)) continue;
			if (status === 'SUCCEEDED') client.recordTaskDuration(taskDurationMs(outcome.value));
			return outcome.value;
		}
		if (client.cancelled) throw cancelledError(client, taskId, itemIndex);
		// Polling is free and idempotent: only a definite answer (401, 403, 404…) ends it.
		if (!(outcome.error instanceof DashScopeError && outcome.error.transient)) throw outcome.error;
	}
}

/** Submit → end by the server's own clock (both times are UTC+8), when the task says both. */
export function taskDurationMs(response: TaskResponse): number | undefined {
	const submitted = taskTimeToMs(response.output?.submit_time);
	const ended = taskTimeToMs(response.output?.end_time);
	return submitted !== undefined && ended !== undefined && ended > submitted ? ended - submitted : undefined;
}

/** Turns a final non-success status into the error the user sees, with task_id, code and message. */
export function assertSucceeded(client: DashScopeClient, response: TaskResponse, itemIndex: number): TaskResponse {
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

export async function cancelTask(client: DashScopeClient, taskId: string, itemIndex: number): Promise<TaskResponse> {
	const { body } = await client.requestWithRetry<TaskResponse>({
		method: 'POST',
		path: PATHS.cancel(taskId),
		itemIndex,
		taskId,
	});
	return body ?? {};
}

function timeoutError(client: DashScopeClient, taskId: string, itemIndex: number, maxWaitMs: number, unreadable = 0) {
	// When the status answers could not be read, the task may well have finished: say so.
	const why = unreadable > 0 ? `: the last ${unreadable} status answers were unreadable (not a task status)` : '';
	return new NodeOperationError(
		client.node,
		`Task ${taskId} did not finish within ${Math.round(maxWaitMs / 1000)} seconds${why}`,
		{
			itemIndex,
			description: `The task keeps running on DashScope. Read it later with the Get Task operation and task ID ${taskId} (task data is kept for 24 hours), or raise Max Wait.`,
		},
	);
}

function cancelledError(client: DashScopeClient, taskId: string, itemIndex: number) {
	return new NodeOperationError(client.node, `The execution was cancelled while waiting for task ${taskId}`, {
		itemIndex,
	});
}
