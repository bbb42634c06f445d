/**
 * Generate via Async Task: create the task, wait for it (polling, cancel-aware), return the result.
 * Works in every region, Frankfurt included, and for both modes without SSE.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseGeneration } from '../../api/parse';
import type { TaskResponse } from '../../api/types';
import { planGenerate } from '../../api/plan';
import type { DashScopeClient } from '../../transport';
import { assertSucceeded, createTask, waitForTask } from '../../transport/tasks';
import { generationFields, optionsCollection, requestOptions, runOptions, waitOptions } from '../common.descriptions';
import { readGenerateInput } from './input';
import { buildOutput, outputOptions, readOutputSettings } from './output';

const properties: INodeProperties[] = [
	...generationFields,
	optionsCollection(requestOptions, waitOptions, outputOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['generateAsync'] } },
	properties,
);

/** Max wait and poll interval of one item, in milliseconds. */
export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number) {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const maxWait = Number(options.maxWait ?? 900);
	const pollInterval = Number(options.pollInterval ?? 0);
	return {
		maxWaitMs: (Number.isFinite(maxWait) && maxWait > 0 ? maxWait : 900) * 1000,
		fixedIntervalMs: Number.isFinite(pollInterval) && pollInterval > 0 ? pollInterval * 1000 : undefined,
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<INodeExecutionData[]> {
	const input = await readGenerateInput(this, itemIndex);
	const settings = readOutputSettings(this, itemIndex);
	const wait = readWaitSettings(this, itemIndex);
	// A slot of the account's running tasks is held from create to the task's end (or until the
	// item gives up), so items of every execution on the account start as slots free up.
	const slot = await client.acquireSlot(itemIndex, wait.maxWaitMs);
	if (!slot) throw client.stoppedError(itemIndex);
	let created: TaskResponse;
	let final: TaskResponse;
	try {
		const submittedAt = Date.now();
		// 429s from load this process cannot see (other workers, other tools) are waited out up to Max Wait.
		created = await createTask(client, planGenerate(input, 'async'), itemIndex, wait.maxWaitMs);
		const taskId = created.output!.task_id!;
		const options = { ...wait, submittedAt, model: input.model, mode: input.mode };
		final = assertSucceeded(client, await waitForTask(client, taskId, itemIndex, options), itemIndex);
	} finally {
		slot.release();
	}
	const taskId = created.output!.task_id!;
	const result = parseGeneration(final, input.model, input.mode);
	result.taskId ??= taskId;
	if (created.request_id) result.requestId = created.request_id;
	return await buildOutput(client, result, itemIndex, settings);
}
