/** The Prompt and Reference Images fields (both versions): each image from a URL, a binary property or Base64. */
import type { INodeProperties } from 'n8n-workflow';

import { modesOf } from '../../api/models';

import { PANEL_MODELS } from './display';

export const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	placeholder: 'e.g. Put the cat from image 1 on the sofa from image 2, warm evening light',
	description:
		'What to generate, in English or Chinese (wan2.6-image: up to 2000 characters). Refer to reference images as "image 1", "image 2" in their order below.',
};

const imageLimits = PANEL_MODELS.filter((model) => model.checked)
	.flatMap((model) =>
		modesOf(model)
			.filter(([, rule]) => rule.images[1] > 0)
			.map(([, rule]) => `${model.id} ${rule.describe} ${rule.images[0]}–${rule.images[1]}`),
	)
	.join('; ');

export const referenceImagesField: INodeProperties = {
	displayName: 'Reference Images',
	name: 'referenceImages',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Reference Image',
	default: {},
	description: `How many each mode takes: ${imageLimits}. JPEG, PNG, BMP or WEBP, 240 to 8000 pixels per side, up to 10 MB (wan2.7: 20 MB).`,
	displayOptions: {
		hide: {
			model: PANEL_MODELS.filter((model) =>
				modesOf(model).every(([, rule]) => rule.images[1] === 0),
			).map((model) => model.id),
		},
	},
	options: [
		{
			displayName: 'Image',
			name: 'images',
			values: [
				{
					displayName: 'Source',
					name: 'source',
					type: 'options',
					options: [
						{ name: 'URL', value: 'url', description: 'A public http(s) URL' },
						{
							name: 'Binary File',
							value: 'binary',
							description:
								'A binary property of the input item, e.g. from a form upload or a download',
						},
						{ name: 'Base64', value: 'base64', description: 'A Base64 string or a data: URI' },
					],
					default: 'url',
				},
				{
					displayName: 'Image URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://example.com/photo.png',
					displayOptions: { show: { source: ['url'] } },
				},
				{
					displayName: 'Input Binary Field',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					hint: 'The name of the input binary field holding the image',
					displayOptions: { show: { source: ['binary'] } },
				},
				{
					displayName: 'Base64 Data',
					name: 'base64',
					type: 'string',
					default: '',
					placeholder: 'data:image/png;base64,iVBORw0KGgo...',
					description: 'A data: URI, or raw Base64 of a JPEG, PNG, BMP or WEBP file',
					displayOptions: { show: { source: ['base64'] } },
				},
			],
		},
	],
};
