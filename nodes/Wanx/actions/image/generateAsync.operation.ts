/**
 * Generate via Async Task: create the task, wait for it (polling, cancel-aware), return the result.
 * Works in every region, Frankfurt included, and for both modes without SSE.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseGeneration } from '../../api/parse';
import type { DashScopeClient } from '../../transport/client';
import { runTaskToEnd } from '../asyncTask';
import type { Run } from '../node.type';
import { generationFields, optionsCollection, generationOptions } from '../common.descriptions';
import { runOptions } from '../options/run';
import { readWaitSettings, waitOptions } from '../options/wait';
import { assertResult, buildOutput, outputOptions, readOutputSettings } from '../output';
import { prepareRequest } from './request';

const properties: INodeProperties[] = [
	...generationFields,
	optionsCollection(generationOptions, waitOptions, outputOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['generateAsync'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const request = await prepareRequest(this, itemIndex, 'async', client);
	const settings = readOutputSettings(this, itemIndex);
	const wait = readWaitSettings(this, itemIndex);
	return async () => {
		const { input, plan } = await request();
		const task = await runTaskToEnd(client, plan, itemIndex, {
			...wait,
			model: input.model,
			mode: input.mode,
		});
		const result = parseGeneration(task.final, input.model, input.mode);
		result.taskId ??= task.taskId;
		if (task.requestId) result.requestId = task.requestId;
		return await buildOutput(
			client,
			assertResult(client, task.final, result, itemIndex),
			itemIndex,
			settings,
		);
	};
}
