/**
 * The node's resources and the operations of each, as the panel offers them (the shape of n8n's
 * vendor nodes' `node.type.ts`): the router's operation table is typed by it.
 */
export type WanxMap = {
	image: 'generate' | 'generateAsync' | 'submitTask';
	video: 'generateAsync' | 'submitTask';
	task: 'getTask' | 'cancelTask';
};

export type WanxResource = keyof WanxMap;

/** A resource with one of its operations, as read from the node's parameters. */
export type WanxType = {
	[R in WanxResource]: { resource: R; operation: WanxMap[R] };
}[WanxResource];
