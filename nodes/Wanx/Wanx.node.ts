import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as image from './actions/image';
import { router } from './actions/router';
import { CUSTOM_MODEL } from './api/models';
import * as task from './actions/task';

/** Each operation's name as its resource's Operation field gives it: `generateAsync: "Generate via Async Task"`. */
const OPERATION_NAMES = [image, task]
	.flatMap((resource) => {
		const field = resource.description.find((property) => property.name === 'operation');
		const options = (field?.options ?? []) as Array<{ name: string; value: unknown }>;
		return Object.keys(resource.operations).map(
			(value) =>
				`${value}: ${JSON.stringify(options.find((option) => option.value === value)?.name)}`,
		);
	})
	.join(', ');

export class Wanx implements INodeType {
	// The subtitle below is built from the Operation fields; the rule only recognises a literal one.
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle
	description: INodeTypeDescription = {
		displayName: 'Wanx',
		name: 'wanx',
		icon: { light: 'file:wanx.svg', dark: 'file:wanx.dark.svg' },
		group: ['transform'],
		// Version 2: Model is a list, fields follow the model and mode, and every default bills one
		// image. Version 1 keeps its fields and defaults, so saved workflows mean what they meant.
		version: [1, 2],
		defaultVersion: 2,
		// The operation and the model in the user's words: "Generate via Async Task · wan2.7-image-pro".
		subtitle: `={{ ({ ${OPERATION_NAMES} })[$parameter["operation"]] + ($parameter["resource"] === "task" ? " Task" : " · " + ($parameter["model"] === "${CUSTOM_MODEL}" ? $parameter["customModel"] : $parameter["model"])) }}`,
		description:
			'Generate and edit images with Alibaba Cloud Wan 2.6 and 2.7 (Tongyi Wanxiang) on DashScope',
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
