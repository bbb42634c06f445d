/**
 * Submit Task: create the async task and return its ID at once, for workflows that wait with
 * n8n's Wait node or spread work over queue-mode workers.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { planGenerate } from '../../api/plan';
import type { TaskResponse } from '../../api/types';
import type { DashScopeClient } from '../../transport';
import { createTask } from '../../transport/tasks';
import { generationFields, optionsCollection, requestOptions, runOptions } from '../common.descriptions';
import { readGenerateInput } from './input';

const properties: INodeProperties[] = [
	...generationFields,
	optionsCollection(requestOptions, runOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['submitTask'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<INodeExecutionData[]> {
	const input = await readGenerateInput(this, itemIndex);
	// Waits for a free slot of the account, so a burst of submissions is not refused with 429s; the
	// slot goes back at once, as this run does not see when the task ends.
	const slot = await client.acquireSlot(itemIndex, client.requestTimeoutMs);
	if (!slot) throw client.stoppedError(itemIndex);
	let created: TaskResponse;
	try {
		created = await createTask(client, planGenerate(input, 'async'), itemIndex);
	} finally {
		slot.release();
	}
	const json: IDataObject = {
		model: input.model,
		mode: input.mode,
		taskId: created.output?.task_id,
		taskStatus: created.output?.task_status,
		requestId: created.request_id,
	};
	return [{ json, pairedItem: { item: itemIndex } }];
}
