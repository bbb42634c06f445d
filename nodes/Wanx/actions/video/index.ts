import type { INodeProperties } from 'n8n-workflow';

import type { Prepare, WanxMap } from '../node.type';

import * as generateAsync from './generateAsync.operation';
import * as submitTask from './submitTask.operation';

export const operations: Record<WanxMap['video'], Prepare> = {
	generateAsync: generateAsync.prepare,
	submitTask: submitTask.prepare,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Generate via Async Task',
				value: 'generateAsync',
				action: 'Generate a video via an async task',
				description: 'Create a video task, wait for it and return the video (URL and MP4 file)',
			},
			{
				name: 'Submit Task',
				value: 'submitTask',
				action: 'Submit a video generation task',
				description:
					'Create a video task and return its ID at once, to read it later with Get Task (after a Wait node)',
			},
		],
		default: 'generateAsync',
	},
	...generateAsync.description,
	...submitTask.description,
];
