import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as image from './actions/image';
import { CUSTOM_MODEL } from './api/models';
import { router } from './actions/router';
import * as task from './actions/task';

/** The operations' names as the panel shows them, by value. */
const OPERATION_NAMES = Object.fromEntries(
	[...image.description, ...task.description]
		.filter((property) => property.name === 'operation')
		.flatMap((property) => (property.options ?? []) as INodePropertyOptions[])
		.map((option) => [option.value, option.name]),
);

/** "Generate via Async Task · wan2.7-image-pro": the operation and the model in the user's words. */
const SUBTITLE = `={{ (${JSON.stringify(OPERATION_NAMES)})[$parameter["operation"]] + ($parameter["resource"] === "task" ? "" : " · " + ($parameter["model"] === "${CUSTOM_MODEL}" ? $parameter["customModel"] : $parameter["model"])) }}`;

export class Wanx implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wanx',
		name: 'wanx',
		icon: { light: 'file:wanx.svg', dark: 'file:wanx.dark.svg' },
		group: ['transform'],
		// Version 2: Model is a list, fields follow the model and mode, and every default bills one
		// image. Version 1 keeps its fields and defaults, so saved workflows mean what they meant.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: SUBTITLE,
		description: 'Generate and edit images with Alibaba Cloud Wan 2.6 and 2.7 (Tongyi Wanxiang) on DashScope',
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
