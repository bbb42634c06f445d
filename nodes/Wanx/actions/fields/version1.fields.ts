/** Version 1's fields: Mode and Model, then Size and the counts. */
import type { INodeProperties } from 'n8n-workflow';

import { V1 } from './display';
import { SIZE_PRESETS, TIER_HELP } from './size.fields';

/** Version 1's Mode, Model, Size and counts, unchanged (n8n stores only non-default values). */
export const version1Fields: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Image Editing',
				value: 'edit',
				description: 'Edit, fuse or restyle 1 to 4 reference images following the prompt',
			},
			{
				name: 'Interleaved Text and Images',
				value: 'interleave',
				description:
					'Text with images in between (tutorials, stories), or plain text-to-image; 0 or 1 reference image',
			},
		],
		default: 'edit',
		displayOptions: { show: V1 },
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: 'wan2.6-image',
		description: 'The model ID. Wan 2.6 image generation and editing is wan2.6-image.',
		displayOptions: { show: V1 },
	},
];

export const version1SizeAndCounts: INodeProperties[] = [
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description: 'The API default: about 1280×1280, following the input image',
			},
			{
				name: '1K (Editing Only)',
				value: '1K',
				description: TIER_HELP['1K'],
			},
			{
				name: '2K (Editing Only)',
				value: '2K',
				description: TIER_HELP['2K'],
			},
			...SIZE_PRESETS.slice(0, 9),
			{ name: 'Custom', value: 'custom', description: 'Width*height of your choice' },
		],
		default: 'auto',
		description:
			'Output resolution. Width*height must total 768×768 to 2048×2048 pixels for editing (1280×1280 for interleaved), with a ratio between 1:4 and 4:1.',
		displayOptions: { show: V1 },
	},
	{
		displayName: 'Number of Images',
		name: 'n',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 4 },
		default: 1,
		description: 'How many images to generate (1–4). Each image is billed.',
		displayOptions: { show: { ...V1, mode: ['edit'] } },
	},
	{
		displayName: 'Max Images',
		name: 'maxImages',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5 },
		default: 5,
		description:
			'The most images the model may put between the text (1–5); it may use fewer. Each image is billed.',
		displayOptions: { show: { ...V1, mode: ['interleave'] } },
	},
];
