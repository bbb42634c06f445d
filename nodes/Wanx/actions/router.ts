/**
 * The item loop: runs each item's operation (several at once, bounded), keeps output order and
 * pairedItem, and applies the error policy (Continue On Fail yields one error item per failed input).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DashScopeClient, type ClientSettings } from '../transport';
import { submissionsPerSecond } from '../api/models';
import * as image from './image';
import { readModelId } from './image/input';
import * as task from './task';

type Operation = (this: IExecuteFunctions, itemIndex: number, client: DashScopeClient) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	image: image.operations,
	task: task.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}

	const settings = readClientSettings(this);
	// Left unset, the gate follows the model's limit in the credential's region (wan2.6-t2i, Beijing: 1/s).
	settings.submitsPerSecond ??= submissionsPerSecond(resource === 'image' ? readModelId(this, 0) : '', (await this.getCredentials<{ region?: string }>('dashScopeApi')).region);
	const client = new DashScopeClient(this, settings);
	const concurrency = readConcurrency(this);
	const results: INodeExecutionData[][] = new Array(items.length);
	let fatal: unknown;
	let next = 0;

	const worker = async () => {
		while (fatal === undefined && !client.cancelled) {
			const itemIndex = next++;
			if (itemIndex >= items.length) return;
			try {
				results[itemIndex] = await run.call(this, itemIndex, client);
			} catch (error) {
				if (this.continueOnFail()) {
					results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
				} else {
					fatal ??= withItemIndex(this, error, itemIndex);
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (fatal !== undefined) throw fatal;
	if (client.cancelled) {
		throw new NodeOperationError(this.getNode(), 'The execution was cancelled');
	}
	return [results.flat()];
}

/** Read once, from the first item: it shapes the whole run, not one item. */
function readConcurrency(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const value = Number(options.concurrency ?? 5);
	return Number.isInteger(value) && value >= 1 ? Math.min(value, 50) : 5;
}

/** Rate gate, resubmission and timeout of the run, read once from the first item like the concurrency. */
function readClientSettings(ctx: IExecuteFunctions): ClientSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const rate = options.submitRate === undefined ? undefined : Number(options.submitRate);
	const timeout = Number(options.requestTimeout ?? 300);
	return {
		submitsPerSecond: rate === undefined ? undefined : Number.isFinite(rate) && rate >= 0 ? rate : 5,
		resubmitUncertain: options.resubmitUncertain === true,
		requestTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
	};
}

/** The error as Continue On Fail shows it: message plus DashScope's code, request and task ids. */
function errorJson(error: unknown): IDataObject {
	const json: IDataObject = { error: (error as Error)?.message ?? String(error) };
	const fields = error as { description?: string; dashScopeCode?: string; requestId?: string; taskId?: string; httpCode?: string | null };
	if (fields.description) json.description = fields.description;
	if (fields.dashScopeCode) json.code = fields.dashScopeCode;
	if (fields.httpCode) json.httpCode = fields.httpCode;
	if (fields.requestId) json.requestId = fields.requestId;
	if (fields.taskId) json.taskId = fields.taskId;
	return json;
}

function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...error.context, itemIndex };
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
