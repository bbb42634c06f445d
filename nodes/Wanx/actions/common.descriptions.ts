/**
 * Parameter blocks shared by operations: the fields of the operations that create images (generate,
 * generateAsync, submitTask), assembled from fields/ in panel order; the Task ID of the operations
 * on a task; the Options collection. Version 2 builds the model-dependent fields from the model
 * table (api/models.ts), so the panel offers what each model and mode takes and nothing else;
 * version 1's fields stay as they were.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { promptField, referenceImagesField } from './fields/promptAndImages.fields';
import { customSizeField } from './fields/size.fields';
import { version1Fields, version1SizeAndCounts } from './fields/version1.fields';
import { version2Counts, version2Fields } from './fields/version2.fields';

export { generationOptions } from './fields/generationOptions.fields';

export const generationFields: INodeProperties[] = [
	...version1Fields,
	...version2Fields,
	promptField,
	referenceImagesField,
	...version1SizeAndCounts,
	...version2Counts,
	customSizeField,
];

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '0385dc79-5ff8-4d82-bcb6-xxxxxx',
	description: 'The task_id returned by Submit Task (tasks are kept for 24 hours)',
};

/** The "Options" collection of an operation, from the blocks it takes. */
export function optionsCollection(...blocks: INodeProperties[][]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: blocks.flat(),
	};
}

/** A resource's Operation field: its operations, as the panel lists them, and the default one. */
export function operationField(
	resource: string,
	options: INodePropertyOptions[],
	defaultOperation: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
