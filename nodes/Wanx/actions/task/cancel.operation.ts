/**
 * Cancel Task: cancels a task that is still queued (PENDING). A task already running cannot be
 * canceled; that is reported in the output, not as a failure.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DashScopeError } from '../../transport/callErrors';
import type { DashScopeClient } from '../../transport/client';
import { settle } from '../../transport/promises';
import { cancelTask, fetchTask } from '../../transport/tasks';
import { optionsCollection, taskIdField } from '../common.descriptions';
import { readTaskId } from '../parameters';
import { runOptions } from '../options/run';
import type { Run } from '../node.type';

const properties: INodeProperties[] = [taskIdField, optionsCollection(runOptions)];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['cancelTask'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const taskId = readTaskId(this, itemIndex);
	return async () => await cancel(client, taskId, itemIndex);
}

async function cancel(client: DashScopeClient, taskId: string, itemIndex: number) {
	const outcome = await settle(cancelTask(client, taskId, itemIndex));
	if (outcome.ok) {
		const json: IDataObject = {
			taskId,
			canceled: true,
			taskStatus: 'CANCELED',
			requestId: outcome.value.request_id,
		};
		return [{ json, pairedItem: { item: itemIndex } }];
	}
	const error = outcome.error;
	if (!refusedAsNotQueued(error)) throw error;
	const current = await fetchTask(client, taskId, itemIndex);
	const taskStatus = current.output?.task_status;
	const json: IDataObject = {
		taskId,
		canceled: false,
		taskStatus,
		reason: `Only queued (PENDING) tasks can be canceled; this task is ${taskStatus ?? 'in an unknown state'}`,
		code: error.dashScopeCode,
		message: error.message,
		requestId: error.requestId,
	};
	return [{ json, pairedItem: { item: itemIndex } }];
}

/** A 4xx other than auth: DashScope refuses to cancel a task that is not PENDING (running, finished or unknown). */
function refusedAsNotQueued(error: unknown): error is DashScopeError {
	if (!(error instanceof DashScopeError)) return false;
	const status = Number(error.httpCode);
	const clientError = status >= 400 && status < 500;
	const authFailure = status === 401 || status === 403;
	return clientError && !authFailure;
}
