/**
 * Parameter blocks shared by the operations that create images (generate, generateAsync, submitTask).
 * Version 2 builds the model-dependent fields from the model table (api/models.ts), so the panel
 * offers what each model and mode takes and nothing else; version 1's fields stay as they were.
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CUSTOM_MODEL, CUSTOM_RULE, DEFAULT_MODEL, MODELS } from '../api/models';
import type { ModeRule, ModelRule, OptionalParameter } from '../api/models.types';
import type { Mode } from '../api/types';

const V1 = { '@version': [1] };
const V2 = [2];

/** Recommended W*H sizes (§2.4 [D S1,S2]; wan2.6-t2i's from §8 [Q S4]); each model shows those it accepts. */
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
	{ name: '3:4 — 1104×1472', value: '1104*1472' },
	{ name: '4:3 — 1472×1104', value: '1472*1104' },
	{ name: '9:16 — 960×1696', value: '960*1696' },
	{ name: '16:9 — 1696×960', value: '1696*960' },
];

const TIER_HELP: Record<string, string> = {
	'1K': 'About 1280×1280, with the aspect ratio of the last image',
	'2K': 'About 2048×2048, with the aspect ratio of the last image',
	'4K': 'About 4096×4096',
};

/** The models the panel offers, the custom id last. */
const PANEL_MODELS: ModelRule[] = [...MODELS, CUSTOM_RULE];

const modesOf = (model: ModelRule) => Object.entries(model.modes) as Array<[Mode, ModeRule]>;

/** Shown for one model and mode in version 2 (a single-mode model has no Mode field to match). */
function forModelMode(model: ModelRule, mode: Mode): IDisplayOptions {
	const show: IDisplayOptions['show'] = { '@version': V2, model: [model.id] };
	if (modesOf(model).length > 1) show.mode = [mode];
	return { show };
}

const fits = (value: string, rule: ModeRule) => {
	const [width, height] = value.split('*').map(Number);
	const [min, max] = rule.size.textOnlyPixels ?? rule.size.pixels ?? [0, -1];
	const [low, high] = rule.size.ratio ?? [0, Infinity];
	return (
		width * height >= min &&
		width * height <= max &&
		width / height >= low &&
		width / height <= high
	);
};

const pixelsText = ([min, max]: readonly [number, number]) =>
	`${Math.round(Math.sqrt(min))}×${Math.round(Math.sqrt(min))} to ${Math.round(Math.sqrt(max))}×${Math.round(Math.sqrt(max))}`;

/** The Size field of one model and mode: only the tiers and W*H sizes that mode accepts. */
function sizeField(model: ModelRule, mode: Mode, rule: ModeRule): INodeProperties {
	const { tiers, textOnlyTiers = [], pixels } = rule.size;
	const options: INodePropertyOptions[] = [
		{ name: 'Auto', value: 'auto', description: "The model's default size" },
		...tiers.map((tier) => ({ name: tier, value: tier, description: TIER_HELP[tier] })),
		...textOnlyTiers.map((tier) => ({
			name: `${tier} (Text-to-Image Only)`,
			value: tier,
			description: `${TIER_HELP[tier]}; without reference images`,
		})),
	];
	if (pixels) {
		if (model.checked) options.push(...SIZE_PRESETS.filter((preset) => fits(preset.value, rule)));
		options.push({ name: 'Custom', value: 'custom', description: 'Width*height of your choice' });
	}
	return {
		displayName: 'Size',
		name: 'size',
		type: 'options',
		options,
		default: 'auto',
		description:
			model.checked && pixels
				? `Output resolution. Width*height must total ${pixelsText(rule.size.textOnlyPixels ?? pixels)} pixels${rule.size.ratio ? `, with a ratio between 1:${Math.round(1 / rule.size.ratio[0])} and ${rule.size.ratio[1]}:1` : ''}.`
				: 'Output resolution: a tier or width*height, sent as set',
		displayOptions: forModelMode(model, mode),
	};
}

/** The count field of one model and mode (`n`, or `max_images` in interleaved mode); defaults bill one image. */
function countField(model: ModelRule, mode: Mode, rule: ModeRule): INodeProperties {
	const [min, max] = rule.count.range;
	const bounded = max < Number.MAX_SAFE_INTEGER;
	const range = bounded ? ` (${min}–${max})` : '';
	const field = {
		n: {
			displayName: mode === 'sequential' ? 'Max Images in Set' : 'Number of Images',
			name: 'n',
			description:
				mode === 'sequential'
					? `The most images the set may have${range}; the model may make fewer. Each image is billed.`
					: `How many images to generate${range}. Each image is billed.`,
		},
		max_images: {
			displayName: 'Max Images',
			name: 'maxImages',
			description: `The most images the model may put between the text${range}; it may use fewer. Each image is billed.`,
		},
	}[rule.count.name];
	return {
		...field,
		type: 'number',
		typeOptions: bounded ? { minValue: min, maxValue: max } : { minValue: min },
		default: 1,
		displayOptions: forModelMode(model, mode),
	};
}

const KNOWN_MODEL_IDS = PANEL_MODELS.map((model) => model.id);

/**
 * Where an option takes effect, from the model table, as one `show` rule per group: the models
 * that take it in every mode (no Mode condition), one rule per model that takes it in some modes
 * only, and any id the table does not know (version 1's free-text Model). Each rule becomes its own
 * entry of the option (same name, exclusive conditions). A single `hide` rule would not do: n8n ORs
 * its conditions, so a Mode value left over from the previous model (wan2.7's Image Set, then
 * wan2.6-t2i, which has no Mode field) hid options the new model takes.
 */
function takenBy(parameter: OptionalParameter): IDisplayOptions[] {
	const everyMode: string[] = [];
	const someModes: IDisplayOptions[] = [];
	for (const model of PANEL_MODELS) {
		const modes = modesOf(model);
		const taking = modes.filter(([, rule]) => rule.takes.includes(parameter)).map(([mode]) => mode);
		if (taking.length === modes.length) everyMode.push(model.id);
		else if (taking.length > 0) someModes.push({ show: { '/model': [model.id], '/mode': taking } });
	}
	const rules: IDisplayOptions[] = [{ hide: { '/model': KNOWN_MODEL_IDS } }, ...someModes];
	if (everyMode.length) rules.unshift({ show: { '/model': everyMode } });
	return rules;
}

const imageLimits = PANEL_MODELS.filter((model) => model.checked)
	.flatMap((model) =>
		modesOf(model)
			.filter(([, rule]) => rule.images[1] > 0)
			.map(([, rule]) => `${model.id} ${rule.describe} ${rule.images[0]}–${rule.images[1]}`),
	)
	.join('; ');

/** Version 1's Mode, Model, Size and counts, unchanged (n8n stores only non-default values). */
const version1Fields: INodeProperties[] = [
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

const version1Counts: INodeProperties[] = [
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
				description: 'About 1280×1280, with the aspect ratio of the last image',
			},
			{
				name: '2K (Editing Only)',
				value: '2K',
				description: 'About 2048×2048, with the aspect ratio of the last image',
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

/** Version 2: Model is a list of the table's models, and each field follows the model and mode. */
const version2Fields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: PANEL_MODELS.map((model) => ({
			name: model.name,
			value: model.id,
			description: model.checked
				? modesOf(model)
						.map(([, rule]) => rule.label)
						.join(', ')
				: 'Any other DashScope model ID: sent as set, with only the rules every model shares checked',
		})),
		default: DEFAULT_MODEL,
		displayOptions: { show: { '@version': V2 } },
	},
	{
		displayName: 'Model ID',
		name: 'customModel',
		type: 'string',
		default: '',
		// Not `required`: a model chosen by expression would show it; an empty id fails the item instead.
		placeholder: 'e.g. wan2.7-image-preview',
		description: 'The DashScope model ID to send',
		displayOptions: { show: { '@version': V2, model: [CUSTOM_MODEL] } },
	},
	...PANEL_MODELS.filter((model) => modesOf(model).length > 1).map((model): INodeProperties => {
		const defaultMode = model.defaultMode;
		return {
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			noDataExpression: true,
			options: modesOf(model).map(([value, rule]) => ({
				name: rule.label,
				value,
				description: rule.help,
			})),
			default: defaultMode,
			displayOptions: { show: { '@version': V2, model: [model.id] } },
		};
	}),
];

const version2Counts: INodeProperties[] = PANEL_MODELS.flatMap((model) =>
	modesOf(model).flatMap(([mode, rule]) => [
		sizeField(model, mode, rule),
		countField(model, mode, rule),
	]),
);

export const generationFields: INodeProperties[] = [
	...version1Fields,
	...version2Fields,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Put the cat from image 1 on the sofa from image 2, warm evening light',
		description:
			'What to generate, in English or Chinese (wan2.6-image: up to 2000 characters). Refer to reference images as "image 1", "image 2" in their order below.',
	},
	{
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
	},
	...version1Counts,
	...version2Counts,
	{
		displayName: 'Custom Size',
		name: 'customSize',
		type: 'string',
		default: '1280*720',
		placeholder: '1280*720',
		description: 'Width*height in pixels, e.g. 1280*720',
		displayOptions: { show: { size: ['custom'] } },
	},
];

/** Options that shape the request (named as in the model table), before `takenBy` places them. */
const requestOptionFields: Array<INodeProperties & { name: OptionalParameter }> = [
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
		description: 'Whether to let an LLM rewrite the prompt for better results (adds a few seconds)',
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
	{
		displayName: 'Thinking Mode',
		name: 'thinkingMode',
		type: 'boolean',
		default: true,
		description:
			'Whether the model reasons about the prompt before drawing (text-to-image only: no reference images). Slower, often better composed.',
	},
	{
		displayName: 'Bounding Boxes',
		name: 'bboxList',
		type: 'json',
		default: '[]',
		placeholder: '[[[120, 80, 560, 420]], []]',
		description:
			'Regions to edit, as JSON: one list per reference image, in order, each with up to 2 boxes [x1, y1, x2, y2] in pixels ([] for an image without boxes)',
	},
	{
		displayName: 'Color Palette',
		name: 'colorPalette',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Color',
		default: {},
		description: 'The colours the image should use: 3 to 10, with shares that add up to 100%',
		options: [
			{
				displayName: 'Color',
				name: 'colors',
				values: [
					{ displayName: 'Color', name: 'hex', type: 'color', default: '#C2D1E6' },
					{
						displayName: 'Share (%)',
						name: 'ratio',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
						default: 25,
					},
				],
			},
		],
	},
];

/** Options that shape the request; each is shown only for the models and modes that take it. */
export const requestOptions: INodeProperties[] = requestOptionFields.flatMap((field) =>
	takenBy(field.name).map((displayOptions) => ({ ...field, displayOptions })),
);

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
