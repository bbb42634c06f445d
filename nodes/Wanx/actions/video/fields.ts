/**
 * The video panel, built from the video model table (panelModels.ts): Model, a Mode per model,
 * Prompt, the price notice, Media (each input's role from what the model and mode take), then the
 * fields that shape the output and the bill (Resolution or Size, Ratio, Duration, Shot Type, the
 * model's switches), each shown only for the models and modes where it has an effect, each
 * defaulting to what bills the least. The request options (Options) follow the same rule.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_VIDEO_MODEL, VIDEO_MODELS, type PanelChoice, type PanelMode } from './panelModels';

type ModelMode = { model: string; mode: PanelMode; modes: number };

const MODEL_MODES: ModelMode[] = VIDEO_MODELS.flatMap((model) =>
	model.modes.map((mode) => ({ model: model.id, mode, modes: model.modes.length })),
);

/** Shown for one model and mode (a single-mode model has no Mode field to match). */
const forModelMode = ({ model, mode, modes }: ModelMode, prefix = ''): IDisplayOptions => ({
	show: {
		[`${prefix}model`]: [model],
		...(modes > 1 ? { [`${prefix}mode`]: [mode.mode] } : {}),
	},
});

const ROLE_WORDS = (mode: PanelMode) =>
	mode.roles
		.map(
			(role) => `${role.label} (${role.min === role.max ? role.min : `${role.min}–${role.max}`})`,
		)
		.join(', ');

const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	options: VIDEO_MODELS.map((model) => ({
		name: model.name,
		value: model.id,
		description: model.modes.map((mode) => mode.label).join(', '),
	})),
	default: DEFAULT_VIDEO_MODEL,
};

const modeFields: INodeProperties[] = VIDEO_MODELS.filter((model) => model.modes.length > 1).map(
	(model): INodeProperties => {
		const defaultMode = model.defaultMode;
		return {
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			noDataExpression: true,
			options: model.modes.map((mode) => ({
				name: mode.label,
				value: mode.mode,
				description: mode.help,
			})),
			default: defaultMode,
			displayOptions: { show: { model: [model.id] } },
		};
	},
);

const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	placeholder: 'e.g. The cat from the first frame turns its head and yawns, slow camera push-in',
	description:
		'What happens in the video, in English or Chinese. Refer to reference images and videos in their order below.',
};

const priceNotices: INodeProperties[] = VIDEO_MODELS.map((model) => ({
	displayName: model.price,
	name: 'priceNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { model: [model.id] } },
}));

/** Media: one entry per input; the Role choices are those of the model and mode. */
const mediaField: INodeProperties = {
	displayName: 'Media',
	name: 'media',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Media',
	default: {},
	description:
		'The images, videos and audio the video is made from. Each comes from a URL, a binary field of the input item (uploaded to DashScope for you) or Base64.',
	displayOptions: {
		show: {
			model: [...new Set(MODEL_MODES.filter((m) => m.mode.roles.length).map((m) => m.model))],
		},
	},
	options: [
		{
			displayName: 'Input',
			name: 'items',
			values: [
				...MODEL_MODES.filter((entry) => entry.mode.roles.length > 0).map(
					(entry): INodeProperties => {
						const firstRole = entry.mode.roles[0].role;
						return {
							displayName: 'Role',
							name: 'role',
							type: 'options',
							options: entry.mode.roles.map((role) => ({
								name: role.label,
								value: role.role,
								description: `${role.min > 0 ? 'Required' : 'Optional'}; up to ${role.max}`,
							})),
							default: firstRole,
							description: `This mode takes: ${ROLE_WORDS(entry.mode)}`,
							displayOptions: forModelMode(entry, '/'),
						};
					},
				),
				{
					displayName: 'Source',
					name: 'source',
					type: 'options',
					options: [
						{ name: 'URL', value: 'url', description: 'A public http(s) URL, or an oss:// URL' },
						{
							name: 'Binary File',
							value: 'binary',
							description:
								"A binary field of the input item (a Wanx image, a download, a form upload): uploaded to DashScope's temporary storage",
						},
						{ name: 'Base64', value: 'base64', description: 'A Base64 string or a data: URI' },
					],
					default: 'url',
				},
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://example.com/first-frame.png',
					displayOptions: { show: { source: ['url'] } },
				},
				{
					displayName: 'Input Binary Field',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					hint: 'The name of the input binary field holding the file',
					displayOptions: { show: { source: ['binary'] } },
				},
				{
					displayName: 'Base64 Data',
					name: 'base64',
					type: 'string',
					default: '',
					placeholder: 'data:image/png;base64,iVBORw0KGgo...',
					displayOptions: { show: { source: ['base64'] } },
				},
			],
		},
	],
};

function choiceField(
	name: string,
	displayName: string,
	description: string,
	pick: (mode: PanelMode) => PanelChoice | undefined,
): INodeProperties[] {
	return MODEL_MODES.flatMap((entry) => {
		const choice = pick(entry.mode);
		if (!choice) return [];
		const chosen = choice.default;
		return [
			{
				displayName,
				name,
				type: 'options',
				options: choice.values.map((value) => ({ name: choice.labels?.[value] ?? value, value })),
				default: chosen,
				description,
				displayOptions: forModelMode(entry),
			},
		];
	});
}

const durationFields: INodeProperties[] = MODEL_MODES.flatMap((entry) => {
	const duration = entry.mode.duration;
	if (!duration) return [];
	const seconds = duration.default;
	return [
		{
			displayName: 'Duration (Seconds)',
			name: 'duration',
			type: 'number',
			typeOptions: { minValue: duration.min, maxValue: duration.max },
			default: seconds,
			description: `Length of the video, ${duration.min} to ${duration.max} seconds. Billed per second.`,
			displayOptions: forModelMode(entry),
		},
	];
});

const switchFields: INodeProperties[] = MODEL_MODES.flatMap((entry) =>
	entry.mode.switches.map((option): INodeProperties => {
		return {
			displayName: option.label,
			name: option.name,
			type: 'boolean',
			// Off: these switches add to the bill, so a fresh node bills the least.
			default: false,
			description: option.description,
			displayOptions: forModelMode(entry),
		};
	}),
);

export const videoFields: INodeProperties[] = [
	modelField,
	...modeFields,
	promptField,
	...priceNotices,
	mediaField,
	...choiceField(
		'resolution',
		'Resolution',
		'Output resolution; higher costs more per second',
		(m) => m.resolution,
	),
	...choiceField(
		'videoSize',
		'Size',
		'Output width*height; larger costs more per second',
		(m) => m.size,
	),
	...choiceField('ratio', 'Aspect Ratio', 'Width to height of the video', (m) => m.ratio),
	...durationFields,
	...choiceField(
		'shotType',
		'Shot Type',
		'One continuous shot, or several cuts',
		(m) => m.shotType,
	),
	...switchFields,
];

/** The request options, each shown for the models and modes that take it. */
const OPTION_FIELDS: Array<INodeProperties & { name: PanelMode['takes'][number] }> = [
	{
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'What to keep out of the video',
	},
	{
		displayName: 'Prompt Extend',
		name: 'promptExtend',
		type: 'boolean',
		default: true,
		description:
			'Whether to let an LLM rewrite the prompt for better results (the rewritten prompt comes back as actualPrompt)',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 2147483647 },
		default: 0,
		description:
			'A fixed seed (0–2147483647) makes results more repeatable. Leave the option out for a random seed.',
	},
	{
		displayName: 'Watermark',
		name: 'watermark',
		type: 'boolean',
		default: false,
		description: 'Whether to add an "AI Generated" mark to the video',
	},
];

export const videoRequestOptions: INodeProperties[] = OPTION_FIELDS.flatMap((field) => {
	const models = VIDEO_MODELS.filter((model) =>
		model.modes.some((mode) => mode.takes.includes(field.name)),
	);
	return models.map((model) => {
		const modes = model.modes.filter((mode) => mode.takes.includes(field.name));
		const show: IDisplayOptions['show'] = { '/model': [model.id] };
		if (modes.length < model.modes.length) show['/mode'] = modes.map((mode) => mode.mode);
		return { ...field, displayOptions: { show } };
	});
});
