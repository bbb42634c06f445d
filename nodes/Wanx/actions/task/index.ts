import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../common.descriptions';
import type { Prepare, WanxMap } from '../node.type';

import * as cancelTask from './cancel.operation';
import * as getTask from './get.operation';

export const operations: Record<WanxMap['task'], Prepare> = {
	getTask: getTask.prepare,
	cancelTask: cancelTask.prepare,
};

export const description: INodeProperties[] = [
	operationField(
		'task',
		[
			{
				name: 'Cancel',
				value: 'cancelTask',
				action: 'Cancel a queued task',
				description: 'Cancel a task that is still queued (PENDING)',
			},
			{
				name: 'Get',
				value: 'getTask',
				action: 'Get a task',
				description: 'Read an image or video task, optionally waiting for its result',
			},
		],
		'getTask',
	),
	...getTask.description,
	...cancelTask.description,
];
