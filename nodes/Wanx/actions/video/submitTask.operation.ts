/**
 * Video, Submit Task: create the video task and return its ID at once; Get Task (after a Wait
 * node) reads it later. The pattern for long videos and queue mode.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DashScopeClient } from '../../transport/client';
import { submitTask } from '../asyncTask';
import { optionsCollection } from '../common.descriptions';
import { runOptions } from '../options/run';
import type { Run } from '../node.type';
import { videoFields, videoRequestOptions } from './fields';
import { prepareVideoRequest } from './request';

const properties: INodeProperties[] = [
	...videoFields,
	optionsCollection(videoRequestOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['submitTask'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const request = await prepareVideoRequest(this, itemIndex, client);
	return async () => {
		const { plan, model, mode } = await request();
		return await submitTask(client, plan, itemIndex, { model, mode });
	};
}
