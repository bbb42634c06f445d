/**
 * Generate via Async Task: create the task, wait for it (polling, cancel-aware), return the result.
 * Works in every region, Frankfurt included, and for both modes without SSE.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { noteFewerImages, parseGeneration } from '../../api/parse';
import type { DashScopeClient } from '../../transport/client';
import { assertSucceeded, createTask, waitForTask } from '../../transport/tasks';
import { withSlot } from '../../transport/turns';
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
	const request = await prepareRequest(this, itemIndex, 'async');
	const settings = readOutputSettings(this, itemIndex);
	const wait = readWaitSettings(this, itemIndex);
	return async () => {
		const { input, plan } = await request();
		// A slot of the account's running tasks is held from create to the task's end (or until the
		// item gives up), so items of every execution on the account start as slots free up.
		const { created, final } = await withSlot(client, itemIndex, wait.maxWaitMs, async () => {
			const submittedAt = Date.now();
			// 429s from load this process cannot see (other workers, other tools) are waited out up to Max Wait.
			const created = await createTask(client, plan, itemIndex, wait.maxWaitMs);
			const options = { ...wait, submittedAt, model: input.model, mode: input.mode };
			const answer = await waitForTask(client, created.output!.task_id!, itemIndex, options);
			return { created, final: assertSucceeded(client, answer, itemIndex) };
		});
		const result = parseGeneration(final, input.model, input.mode);
		result.taskId ??= created.output!.task_id!;
		if (created.request_id) result.requestId = created.request_id;
		return await buildOutput(
			client,
			noteFewerImages(assertResult(client, final, result, itemIndex), input),
			itemIndex,
			settings,
		);
	};
}
