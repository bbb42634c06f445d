/**
 * The node's resources and the operations of each, as the panel offers them (the shape of n8n's
 * vendor nodes' `node.type.ts`): the router's operation table is typed by it. And what an
 * operation is: its two steps, Prepare and Run.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DashScopeClient } from '../transport/client';

export type WanxMap = {
	image: 'generate' | 'generateAsync' | 'submitTask';
	task: 'getTask' | 'cancelTask';
};

export type WanxResource = keyof WanxMap;

/** A resource with one of its operations, as read from the node's parameters. */
export type WanxType = {
	[R in WanxResource]: { resource: R; operation: WanxMap[R] };
}[WanxResource];

/** Sends what `prepare` planned for one item and returns its output items. */
export type Run = () => Promise<INodeExecutionData[]>;

/**
 * One operation on one item, in two steps. `prepare` reads and checks the item's parameters
 * and plans its requests, sending nothing (it may read the item's binary data and the
 * credential); the router prepares every item before it runs any, so a doomed run costs nothing.
 */
export type Prepare = (
	this: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
) => Promise<Run>;
