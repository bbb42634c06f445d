/**
 * Generate (sync): one call to the multimodal-generation endpoint. Image editing answers with
 * JSON; interleaved mode streams SSE frames that are assembled into one message.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { parseGeneration } from '../../api/parse';
import type { GenerationResponse } from '../../api/dashScopeBodies';
import type { DashScopeClient } from '../../transport/client';
import { streamGeneration } from '../../transport/stream';
import { withSlot } from '../../transport/turns';
import type { Run } from '../node.type';
import { generationFields, optionsCollection, generationOptions } from '../common.descriptions';
import { runOptions } from '../options/run';
import { assertResult, buildOutput, outputOptions, readOutputSettings } from '../output';
import { prepareRequest } from './request';

const properties: INodeProperties[] = [
	...generationFields,
	optionsCollection(generationOptions, outputOptions, runOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['generate'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<Run> {
	const request = await prepareRequest(this, itemIndex, 'sync', client);
	const settings = readOutputSettings(this, itemIndex);
	if ((await client.region()) === 'eu-central-1') {
		throw new NodeOperationError(this.getNode(), 'Germany (Frankfurt) only offers the async API', {
			itemIndex,
			description: 'Use the "Generate via Async Task" operation with this credential.',
		});
	}
	return async () => {
		const { input, plan } = await request();
		// A sync call occupies one of the account's running tasks while it works (docs/dashscope-notes.md §6.1 [I]).
		return await withSlot(client, itemIndex, client.requestTimeoutMs, async () => {
			if (plan.stream) {
				const streamed = await streamGeneration(client, plan, input, itemIndex);
				return await buildOutput(
					client,
					assertResult(client, {}, streamed, itemIndex),
					itemIndex,
					settings,
				);
			}
			const response = await client.requestWithRetry<GenerationResponse>({
				...plan,
				kind: 'sync',
				itemIndex,
			});
			const result = parseGeneration(
				typeof response.body === 'object' ? response.body : {},
				input.model,
				input.mode,
			);
			const headerId =
				typeof response.headers['x-request-id'] === 'string'
					? response.headers['x-request-id']
					: undefined;
			return await buildOutput(
				client,
				assertResult(client, response.body, result, itemIndex, headerId),
				itemIndex,
				settings,
			);
		});
	};
}
