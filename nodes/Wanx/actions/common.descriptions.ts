/**
 * Parameter blocks shared by the operations that create images (generate, generateAsync, submitTask).
 */
import type { INodeProperties } from 'n8n-workflow';

export const SIZE_PRESETS: Array<{ name: string; value: string }> = [
	{ name: '1:1 — 1280×1280', value: '1280*1280' },
	{ name: '1:1 — 1024×1024', value: '1024*1024' },
	{ name: '2:3 — 800×1200', value: '800*1200' },
	{ name: '3:2 — 1200×800', value: '1200*800' },
	{ name: '3:4 — 960×1280', value: '960*1280' },
	{ name: '4:3 — 1280×960', value: '1280*960' },
	{ name: '9:16 — 720×1280', value: '720*1280' },
	{ name: '16:9 — 1280×720', value: '1280*720' },
	{ name: '21:9 — 1344×576', value: '1344*576' },
];

export const generationFields: INodeProperties[] = [
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
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: 'wan2.6-image',
		description: 'The model ID. Wan 2.6 image generation and editing is wan2.6-image.',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Put the cat from image 1 on the sofa from image 2, warm evening light',
		description:
			'What to generate, in English or Chinese, up to 2000 characters. Refer to reference images as "image 1", "image 2" in their order below.',
	},
	{
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Reference Image',
		default: {},
		description:
			'Image editing takes 1 to 4 images; interleaved mode takes at most 1. JPEG, PNG, BMP or WEBP, up to 10 MB, 240 to 8000 pixels per side.',
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
								description: 'A binary property of the input item, e.g. from a form upload or a download',
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
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto', description: 'The API default: about 1280×1280, following the input image' },
			{ name: '1K (Editing Only)', value: '1K', description: 'About 1280×1280, with the aspect ratio of the last image' },
			{ name: '2K (Editing Only)', value: '2K', description: 'About 2048×2048, with the aspect ratio of the last image' },
			...SIZE_PRESETS,
			{ name: 'Custom', value: 'custom', description: 'Width*height of your choice' },
		],
		default: 'auto',
		description:
			'Output resolution. Width*height must total 768×768 to 2048×2048 pixels for editing (1280×1280 for interleaved), with a ratio between 1:4 and 4:1.',
	},
	{
		displayName: 'Custom Size',
		name: 'customSize',
		type: 'string',
		default: '1280*720',
		placeholder: '1280*720',
		description: 'Width*height in pixels, e.g. 1280*720',
		displayOptions: { show: { size: ['custom'] } },
	},
	{
		displayName: 'Number of Images',
		name: 'n',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 4 },
		default: 1,
		description: 'How many images to generate (1–4). Each image is billed.',
		displayOptions: { show: { mode: ['edit'] } },
	},
	{
		displayName: 'Max Images',
		name: 'maxImages',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5 },
		default: 5,
		description: 'The most images the model may put between the text (1–5); it may use fewer. Each image is billed.',
		displayOptions: { show: { mode: ['interleave'] } },
	},
];

/** Options that shape the request. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'What to keep out of the image, up to 500 characters',
	},
	{
		displayName: 'Prompt Extend',
		name: 'promptExtend',
		type: 'boolean',
		default: true,
		description:
			'Whether to let an LLM rewrite the prompt for better results (image editing only; adds a few seconds)',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 2147483647 },
		default: 0,
		description:
			'A fixed seed (0–2147483647) makes results more repeatable, though not identical. Leave the option out for a random seed.',
	},
	{
		displayName: 'Watermark',
		name: 'watermark',
		type: 'boolean',
		default: false,
		description: 'Whether to add an "AI Generated" mark in the bottom-right corner',
	},
];

/** Options for the operations that wait for a task. */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWait',
		type: 'number',
		typeOptions: { minValue: 10 },
		default: 900,
		description:
			'How long to wait for the task before failing the item. Tasks usually take 1–4 minutes; the task keeps running after a timeout.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'A fixed interval between status checks. 0 lets the node choose: fast at first, then slower, tuned to the task times it sees.',
	},
];

/** Options that shape a whole run; read from the first item. */
export const runOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		default: 5,
		description:
			'How many items to process at once. DashScope runs at most 5 tasks per account at a time; 1 processes items strictly one after another.',
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description:
			'How long to wait for the answer to each API call. A status check that times out is repeated; a create call that times out is not, as the task may exist (see Resubmit When Unsure).',
	},
	{
		displayName: 'Resubmit When Unsure',
		name: 'resubmitUncertain',
		type: 'boolean',
		default: false,
		description:
			'Whether to send a create or generate call once more when the connection was lost (or the answer was unreadable) after it was sent. DashScope may already have the first task, so this can create and bill an item twice; off, such items fail and name the risk.',
		displayOptions: { show: { '/resource': ['image'] } },
	},
	{
		displayName: 'Submissions per Second',
		name: 'submitRate',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 1 },
		default: 5,
		description:
			'The most tasks this execution submits (creates or generate calls) in any second. DashScope allows 5 per account for wan2.6-image; lower it when other workflows share the account. 0 turns the limit off. Status checks always stay under 15 per second.',
		displayOptions: { show: { '/resource': ['image'] } },
	},
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
