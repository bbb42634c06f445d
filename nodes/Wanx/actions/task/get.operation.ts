/**
 * Get Task: read a task by ID, optionally waiting until it finishes; a finished task gives the
 * same output as Generate via Async Task.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isFinalStatus, parseGeneration, taskError, taskFields } from '../../api/parse';
import type { TaskResponse } from '../../api/dashScopeBodies';
import type { DashScopeClient } from '../../transport/client';
import { assertSucceeded, fetchTask, waitForTask } from '../../transport/tasks';
import { optionsCollection, taskIdField } from '../common.descriptions';
import { readTaskId } from '../parameters';
import { runOptions } from '../options/run';
import { readWaitSettings, waitOptions } from '../options/wait';
import { assertResult, buildOutput, outputOptions, readOutputSettings } from '../output';
import type { Run } from '../node.type';

const properties: INodeProperties[] = [
	taskIdField,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until the task finishes and return its images; otherwise return its current status at once',
	},
	optionsCollection(waitOptions, outputOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['getTask'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const taskId = readTaskId(this, itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const waitSettings = readWaitSettings(this, itemIndex);
	const outputSettings = readOutputSettings(this, itemIndex);
	return async (): Promise<INodeExecutionData[]> => {
		const response = wait
			? await waitForTask(client, taskId, itemIndex, waitSettings)
			: await fetchTask(client, taskId, itemIndex);
		const status = response.output?.task_status;
		if (wait || status === 'SUCCEEDED') {
			const final = assertSucceeded(client, response, itemIndex);
			// The task does not say which model made it; the mode shows in its content.
			const result = parseGeneration(final, undefined);
			result.taskId ??= taskId;
			return await buildOutput(
				client,
				assertResult(client, final, result, itemIndex),
				itemIndex,
				outputSettings,
			);
		}
		return [{ json: snapshot(taskId, response), pairedItem: { item: itemIndex } }];
	};
}

/** A task that is not (successfully) finished, as it stands. */
function snapshot(taskId: string, response: TaskResponse): IDataObject {
	const output = response.output ?? {};
	const json: IDataObject = {
		...taskFields(output),
		taskId: output.task_id ?? taskId,
		finished: isFinalStatus(output.task_status),
		requestId: response.request_id,
	};
	const { code, message } = taskError(response);
	if (code) json.code = code;
	if (message) json.message = message;
	return json;
}
