import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DashScopeClient } from '../transport/client';

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
