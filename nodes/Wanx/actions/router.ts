/**
 * The item loop: prepares every item (read and check, nothing sent), then runs the prepared ones
 * (several at once, bounded), keeps output order and pairedItem, and applies the error policy:
 * without Continue On Fail one bad item stops the run before any request; with it, each failed
 * input yields one error item and the others run.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DashScopeClient } from '../transport/client';
import { cancelInFlight } from '../transport/tasks';
import * as image from './image';
import * as task from './task';
import type { Prepare, Run, WanxMap, WanxResource, WanxType } from './node.type';
import { readClientSettings, readConcurrency } from './options/run';

const OPERATIONS: { [R in WanxResource]: Record<WanxMap[R], Prepare> } = {
	image: image.operations,
	task: task.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const { resource, operation } = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as WanxType;
	// The values come from a saved workflow: one outside the map is refused, not trusted.
	const prepare = (OPERATIONS[resource] as Record<string, Prepare> | undefined)?.[operation];
	if (!prepare) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}

	const client = new DashScopeClient(this, readClientSettings(this));
	const concurrency = readConcurrency(this);
	const results: INodeExecutionData[][] = new Array(items.length);
	// Held in an object: the workers' closures set it, which TypeScript's narrowing cannot follow.
	const run: { fatal?: NodeApiError | NodeOperationError } = {};
	const fail = (error: unknown, itemIndex: number) => {
		if (this.continueOnFail()) {
			results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
			return;
		}
		run.fatal ??= withItemIndex(this, error, itemIndex);
		// Fail promptly: the other items stop waiting (their results would be thrown away).
		client.stop();
	};

	// Every item is read and checked before the first request of the execution.
	const runs: Array<Run | undefined> = new Array(items.length);
	for (let itemIndex = 0; itemIndex < items.length && run.fatal === undefined; itemIndex++) {
		try {
			runs[itemIndex] = await prepare.call(this, itemIndex, client);
		} catch (error) {
			fail(error, itemIndex);
		}
	}
	if (run.fatal) throw run.fatal;

	const ready = runs.flatMap((run, itemIndex) => (run ? [itemIndex] : []));
	let next = 0;
	const worker = async () => {
		while (run.fatal === undefined && !client.stopped && next < ready.length) {
			const itemIndex = ready[next++];
			try {
				results[itemIndex] = await runs[itemIndex]!();
			} catch (error) {
				fail(error, itemIndex);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, ready.length) }, worker));
	const { fatal } = run as typeof run; // set by the workers
	if (fatal || client.stopped) {
		const report = stoppedTasksReport(await cancelInFlight(client));
		if (fatal) {
			if (report) fatal.description = [fatal.description, report].filter(Boolean).join('\n\n');
			throw fatal;
		}
		throw new NodeOperationError(this.getNode(), 'The execution was cancelled', {
			description: report,
		});
	}
	return [results.flat()];
}

/** What became of the run's unfinished tasks when it stopped: cancelled for free, or still running. */
function stoppedTasksReport({
	cancelled,
	running,
}: {
	cancelled: string[];
	running: string[];
}): string | undefined {
	const lines = [];
	if (cancelled.length)
		lines.push(`Cancelled while still queued on DashScope (not billed): ${cancelled.join(', ')}.`);
	if (running.length) {
		lines.push(
			`Already running on DashScope, they may still finish and be billed: ${running.join(', ')}. Read their results with the Get Task operation within 24 hours.`,
		);
	}
	return lines.length ? lines.join('\n') : undefined;
}

/** The error as Continue On Fail shows it: message plus DashScope's code, request and task ids. */
function errorJson(error: unknown): IDataObject {
	const json: IDataObject = { error: (error as Error)?.message ?? String(error) };
	const fields = error as {
		description?: string;
		dashScopeCode?: string;
		requestId?: string;
		taskId?: string;
		httpCode?: string | null;
		images?: unknown;
	};
	if (fields.description) json.description = fields.description;
	if (fields.dashScopeCode) json.code = fields.dashScopeCode;
	// An HTTP status or nothing: NodeApiError may fill httpCode from a body's `code` field.
	if (fields.httpCode && /^\d{3}$/.test(fields.httpCode)) json.httpCode = fields.httpCode;
	if (fields.requestId) json.requestId = fields.requestId;
	if (fields.taskId) json.taskId = fields.taskId;
	// Set when the result exists but its download failed: the paid images stay reachable.
	if (Array.isArray(fields.images)) json.images = fields.images;
	return json;
}

function withItemIndex(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...error.context, itemIndex };
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
