/**
 * Submit Task: create the async task and return its ID at once, for workflows that wait with
 * n8n's Wait node or spread work over queue-mode workers.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { modelRule } from '../../api/models';
import type { DashScopeClient } from '../../transport/client';
import { createTask } from '../../transport/tasks';
import { withSlot } from '../../transport/turns';
import type { Run } from '../node.type';
import { generationFields, optionsCollection, generationOptions } from '../common.descriptions';
import { runOptions } from '../options/run';
import { prepareRequest } from './request';

const properties: INodeProperties[] = [
	...generationFields,
	optionsCollection(generationOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['submitTask'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const request = await prepareRequest(this, itemIndex, 'async');
	return async () => {
		const { input, plan } = await request();
		// Waits for a free slot of the account, so a burst of submissions is not refused with 429s; the
		// slot goes back at once, as this run does not see when the task ends.
		const created = await withSlot(client, itemIndex, client.requestTimeoutMs, () =>
			createTask(client, plan, itemIndex),
		);
		const json: IDataObject = {
			model: input.model,
			// As Generate's output: a model id without a row had only the common rules checked.
			...(modelRule(input.model).checked ? {} : { rulesChecked: false }),
			mode: input.mode,
			taskId: created.output?.task_id,
			taskStatus: created.output?.task_status,
			requestId: created.request_id,
		};
		return [{ json, pairedItem: { item: itemIndex } }];
	};
}
