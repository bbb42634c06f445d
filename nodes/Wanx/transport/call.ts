/** One API call, its answer, the settings of the client that sends them, and its n8n request. */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

export interface ApiCall {
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
	/** A poll: aborted at once when the run stops, as nothing is lost by that. */
	abortable?: boolean;
}

export interface ApiResponse<T> {
	headers: IDataObject;
	body: T;
	/** True when the call was sent a second time after an uncertain first attempt. */
	resubmitted?: boolean;
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
