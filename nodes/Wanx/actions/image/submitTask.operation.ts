/**
 * Submit Task: create the async task and return its ID at once, for workflows that wait with
 * n8n's Wait node or spread work over queue-mode workers.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DashScopeClient } from '../../transport/client';
import { submitTask } from '../asyncTask';
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
	const request = await prepareRequest(this, itemIndex, 'async', client);
	return async () => {
		const { input, plan } = await request();
		return await submitTask(client, plan, itemIndex, input);
	};
}
