/** One API call, its answer, the settings of the client that sends them, and its n8n request. */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { PATHS } from '../api/plan';

/**
 * What a call is, declared where it is planned: the account's gates, the retry and Resubmit When
 * Unsure follow it, never the URL. `submit` creates an async task and `sync` runs a generation in
 * the call itself: both are submissions (docs/dashscope-notes.md §6.1). `poll` reads a task.
 */
export type CallKind = 'submit' | 'sync' | 'poll' | 'cancel' | 'download' | 'uploadPolicy' | 'list';

/** Calls that start paid work: the per-model submission gate and Resubmit When Unsure apply. */
export function isSubmission(kind: CallKind): boolean {
	return kind === 'submit' || kind === 'sync';
}

export interface ApiCall {
	kind: CallKind;
	/** The model a submission is for: DashScope counts submissions per model. */
	model?: string;
	method: 'GET' | 'POST';
	path: string;
	itemIndex: number;
	body?: object;
	headers?: Record<string, string>;
	/** Return the body as a stream (SSE). */
	stream?: boolean;
	/** This call's timeout instead of the run's Request Timeout (a status check near Max Wait). */
	timeoutMs?: number;
	/** Added to error messages, so a failed poll still names its task. */
	taskId?: string;
	/** Sent even after the run stopped (cancelling the run's queued tasks). */
	cleanup?: boolean;
}

/** A task's status check (`GET /tasks/{id}`, §3). */
export const statusCall = (taskId: string, itemIndex: number): ApiCall => ({
	kind: 'poll',
	method: 'GET',
	path: PATHS.task(taskId),
	itemIndex,
	taskId,
});

export interface ApiResponse<T> {
	headers: IDataObject;
	body: T;
	/** When the (last) call was sent, by this machine's clock. */
	sentAt: number;
}

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

/** A call as n8n request options: JSON unless streamed, every HTTP status returned as an answer. */
export function httpOptions(call: ApiCall, url: string, timeoutMs: number): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: call.method,
		url,
		headers: { 'Content-Type': 'application/json', ...call.headers },
		json: !call.stream,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: call.timeoutMs ?? timeoutMs,
	};
	if (call.body) options.body = call.body as IDataObject;
	if (call.stream) options.encoding = 'stream';
	return options;
}
