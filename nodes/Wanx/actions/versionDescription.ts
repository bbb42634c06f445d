import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as image from './image';
import * as task from './task';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Wanx',
	name: 'wanx',
	icon: { light: 'file:wanx.svg', dark: 'file:wanx.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ($parameter["mode"] ? " · " + $parameter["mode"] : "") }}',
	description: 'Generate and edit images with Alibaba Cloud Wan 2.6 (Tongyi Wanxiang) on DashScope',
	defaults: { name: 'Wanx' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'dashScopeApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Image', value: 'image' },
				{ name: 'Task', value: 'task' },
			],
			default: 'image',
		},
		...image.description,
		...task.description,
	],
};
