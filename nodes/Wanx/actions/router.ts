/**
 * The item loop: runs each item's operation (several at once, bounded), keeps output order and
 * pairedItem, and applies the error policy (Continue On Fail yields one error item per failed input).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DashScopeClient, type ClientSettings } from '../transport';
import { cancelInFlight } from '../transport/tasks';
import * as image from './image';
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

	const client = new DashScopeClient(this, readClientSettings(this));
	const concurrency = readConcurrency(this);
	const results: INodeExecutionData[][] = new Array(items.length);
	let fatal: NodeApiError | NodeOperationError | undefined;
	let next = 0;

	const worker = async () => {
		while (fatal === undefined && !client.stopped) {
			const itemIndex = next++;
			if (itemIndex >= items.length) return;
			try {
				results[itemIndex] = await run.call(this, itemIndex, client);
			} catch (error) {
				if (this.continueOnFail()) {
					results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
				} else {
					fatal ??= withItemIndex(this, error, itemIndex);
					// Fail promptly: the other items stop waiting (their results would be thrown away).
					client.stop();
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (fatal !== undefined || client.stopped) {
		const report = stoppedTasksReport(await cancelInFlight(client));
		if (fatal !== undefined) {
			if (report) fatal.description = [fatal.description, report].filter(Boolean).join('\n\n');
			throw fatal;
		}
		throw new NodeOperationError(this.getNode(), 'The execution was cancelled', { description: report });
	}
	return [results.flat()];
}

/** What became of the run's unfinished tasks when it stopped: cancelled for free, or still running. */
function stoppedTasksReport({ cancelled, running }: { cancelled: string[]; running: string[] }): string | undefined {
	const lines = [];
	if (cancelled.length) lines.push(`Cancelled while still queued on DashScope (not billed): ${cancelled.join(', ')}.`);
	if (running.length) {
		lines.push(
			`Already running on DashScope, they may still finish and be billed: ${running.join(', ')}. Read their results with the Get Task operation within 24 hours.`,
		);
	}
	return lines.length ? lines.join('\n') : undefined;
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
	const rate = Number(options.submitRate ?? 5);
	const timeout = Number(options.requestTimeout ?? 300);
	return {
		submitsPerSecond: Number.isFinite(rate) && rate >= 0 ? rate : 5,
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

function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...error.context, itemIndex };
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
