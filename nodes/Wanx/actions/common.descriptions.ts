/**
 * Parameter blocks shared by the operations that create images (generate, generateAsync, submitTask),
 * assembled from fields/ in panel order. Version 2 builds the model-dependent fields from the model
 * table (api/models.ts), so the panel offers what each model and mode takes and nothing else;
 * version 1's fields stay as they were.
 */
import type { INodeProperties } from 'n8n-workflow';

import { promptField } from './fields/prompt.fields';
import { referenceImagesField } from './fields/referenceImages.fields';
import { customSizeField } from './fields/size.fields';
import { version1Counts, version1Fields } from './fields/version1.fields';
import { version2Counts, version2Fields } from './fields/version2.fields';

export { requestOptions } from './fields/requestOptions.fields';

export const generationFields: INodeProperties[] = [
	...version1Fields,
	...version2Fields,
	promptField,
	referenceImagesField,
	...version1Counts,
	...version2Counts,
	customSizeField,
];

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
