/**
 * The transport's error model: DashScope error bodies → DashScopeError (what the retry policy
 * needs to know), lost connections → UncertainDeliveryError when the request may have arrived,
 * and the classification of network failures.
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeCode, isTransient } from '../api/errorCodes';
import { errorBody } from '../api/parse';
import { parseRetryAfter } from './retry';

/** A DashScope failure with what the retry policy needs to know. */
export class DashScopeError extends NodeApiError {
	transient = false;

	retryAfterMs?: number;

	dashScopeCode?: string;

	requestId?: string;

	taskId?: string;
}

/** Thrown when the request may have reached DashScope but no answer came back. */
export class UncertainDeliveryError extends NodeApiError {}

/** Network failures where nothing was sent, so repeating cannot create a second task. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/**
 * NodeApiError swaps a message that mentions an errno code (ECONNRESET…) for a generic text;
 * ours says more (what was sent, which task), so it is put back.
 */
function keepMessage<E extends NodeApiError>(error: E, message: string): E {
	error.message = message;
	return error;
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

/**
 * A create call that may have made a task nobody knows the id of: the user is told to check
 * before running the item again (`detail` is appended to that advice).
 */
function uncertainDelivery(
	node: INode,
	payload: JsonObject,
	message: string,
	itemIndex: number,
	detail = '',
): UncertainDeliveryError {
	const error = new UncertainDeliveryError(node, payload, {
		message,
		description: `The task may have been created and billed. Check the task list in the Model Studio console before running this item again.${detail}`,
		itemIndex,
	});
	return keepMessage(error, message);
}

/**
 * A 2xx answer to a task create without a readable task_id (cut or garbled) is as uncertain as a
 * lost connection: the task may exist. Undefined for any other answer.
 */
export function unconfirmedCreate(
	node: INode,
	call: { kind: string; itemIndex: number },
	body: unknown,
): UncertainDeliveryError | undefined {
	if (call.kind !== 'submit') return undefined;
	if (typeof body === 'object' && (body as { output?: { task_id?: unknown } })?.output?.task_id)
		return undefined;
	const response = String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);
	return uncertainDelivery(
		node,
		{ networkError: 'NoTaskId' } as JsonObject,
		'DashScope answered the create call without a readable task_id',
		call.itemIndex,
		` Response: ${response}`,
	);
}

/** The call a network failure happened to, as far as its error needs it. */
interface FailedCall {
	method: 'GET' | 'POST';
	itemIndex: number;
	taskId?: string;
}

/**
 * The error of a call that got no answer: "cancelled" when the run stopped (`cancelled`),
 * UncertainDeliveryError when a POST may have arrived, otherwise a transient DashScopeError.
 */
export function networkError(
	node: INode,
	error: unknown,
	call: FailedCall,
	cancelled: boolean,
): NodeApiError {
	const code = networkErrorCode(error);
	const reason = code ?? 'no response';
	const where = call.taskId ? ` (task ${call.taskId})` : '';
	if (cancelled) {
		return new NodeApiError(node, { code: 'Cancelled' } as JsonObject, {
			message: 'The execution was cancelled',
			itemIndex: call.itemIndex,
		});
	}
	const notSent = code !== undefined && NOT_SENT_CODES.has(code);
	const payload = { networkError: code ?? 'NoResponse' } as JsonObject;
	if (call.method === 'POST' && !notSent) {
		return uncertainDelivery(
			node,
			payload,
			`The connection to DashScope was lost (${reason}) after the request was sent${where}`,
			call.itemIndex,
		);
	}
	const message = `Could not reach DashScope (${reason})${where}`;
	const err = new DashScopeError(node, payload, {
		message,
		description: 'Check the network and the base URL of the credential.',
		itemIndex: call.itemIndex,
	});
	err.transient = true;
	return keepMessage(err, message);
}

interface ApiFailure {
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
	const message =
		failure.message ??
		body.message ??
		(failure.status ? `HTTP ${failure.status}` : 'Unknown error');
	const requestId = body.request_id;
	const details = [
		failure.taskId && `task_id ${failure.taskId}`,
		requestId && `request_id ${requestId}`,
	]
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
