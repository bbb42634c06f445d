/**
 * Generate (sync): one call to the multimodal-generation endpoint. Image editing answers with
 * JSON; interleaved mode streams SSE frames that are assembled into one message.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { parseGeneration } from '../../api/parse';
import { planGenerate } from '../../api/plan';
import type { GenerationResponse, GenerationResult } from '../../api/types';
import type { DashScopeClient } from '../../transport';
import { streamGeneration } from '../../transport/stream';
import { generationFields, optionsCollection, requestOptions, runOptions } from '../common.descriptions';
import { readGenerateInput } from './input';
import { buildOutput, outputOptions, readOutputSettings } from './output';

const properties: INodeProperties[] = [
	...generationFields,
	optionsCollection(requestOptions, outputOptions, runOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['generate'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<INodeExecutionData[]> {
	const input = await readGenerateInput(this, itemIndex);
	const settings = readOutputSettings(this, itemIndex);
	if ((await client.region()) === 'eu-central-1') {
		throw new NodeOperationError(this.getNode(), 'Germany (Frankfurt) only offers the async API', {
			itemIndex,
			description: 'Use the "Generate via Async Task" operation with this credential.',
		});
	}
	const plan = planGenerate(input, 'sync');
	// A sync call occupies one of the account's running tasks while it works (dashscope-api.md §6.1 [I]).
	const slot = await client.acquireSlot(itemIndex, client.requestTimeoutMs);
	if (!slot) throw client.stoppedError(itemIndex);
	let result: GenerationResult;
	try {
		result = plan.stream
			? await streamGeneration(client, plan, input, itemIndex)
			: parseGeneration(
					(await client.requestWithRetry<GenerationResponse>({ ...plan, itemIndex })).body,
					input.model,
					input.mode,
				);
	} finally {
		slot.release();
	}
	return await buildOutput(client, result, itemIndex, settings);
}
