import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../common.descriptions';
import type { Prepare, WanxMap } from '../node.type';

import * as generate from './generate.operation';
import * as generateAsync from './generateAsync.operation';
import * as submitTask from './submitTask.operation';

export const operations: Record<WanxMap['image'], Prepare> = {
	generate: generate.prepare,
	generateAsync: generateAsync.prepare,
	submitTask: submitTask.prepare,
};

export const description: INodeProperties[] = [
	operationField(
		'image',
		[
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate images',
				description:
					'One synchronous call: the result comes back in the same request (not in Frankfurt)',
			},
			{
				name: 'Generate via Async Task',
				value: 'generateAsync',
				action: 'Generate images via an async task',
				description: 'Create a task and wait for its result; works in every region',
			},
			{
				name: 'Submit Task',
				value: 'submitTask',
				action: 'Submit an image generation task',
				description: 'Create a task and return its ID at once, to read it later with Get Task',
			},
		],
		'generateAsync',
	),
	...generate.description,
	...generateAsync.description,
	...submitTask.description,
];
