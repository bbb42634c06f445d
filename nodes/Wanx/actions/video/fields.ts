/**
 * The video panel, built from the video model table (api/videoModels.ts): Model, a Mode per model,
 * Prompt, the price notice, Media (each input's role from what the model and mode take), then the
 * fields that shape the output and the bill (Resolution or Size, Aspect Ratio, Duration, Shot Type,
 * Audio), each shown only for the models and modes where it has an effect, each defaulting to what
 * bills the least (the table's `default`). Media is in media.fields.ts, Options in options.fields.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_VIDEO_MODEL, VIDEO_MODELS } from '../../api/videoModels';
import type { VideoChoice, VideoModeRule } from '../../api/videoTypes';
import { forModelMode, MODEL_MODES, videoModesOf } from './display';
import { modeField } from '../fields/shared.fields';
import { mediaField } from './media.fields';

export { videoRequestOptions } from './options.fields';

const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	options: VIDEO_MODELS.map((model) => ({
		name: model.name,
		value: model.id,
		description: videoModesOf(model)
			.map(([, mode]) => mode.label)
			.join(', '),
	})),
	default: DEFAULT_VIDEO_MODEL,
};

const modeFields: INodeProperties[] = VIDEO_MODELS.filter(
	(model) => videoModesOf(model).length > 1,
).map((model) =>
	modeField(videoModesOf(model), model.defaultMode, { show: { model: [model.id] } }),
);

const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	placeholder: 'e.g. The cat from the first frame turns its head and yawns, slow camera push-in',
	description:
		'What happens in the video, in English or Chinese. Refer to reference images and videos in their order under Media.',
};

/** What drives the price, per model, where the user picks the model. */
const priceNotices: INodeProperties[] = VIDEO_MODELS.map((model) => ({
	displayName: `Billed per second of video: ${model.billing.drivenBy}`,
	name: 'priceNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { model: [model.id] } },
}));

/** A choice field per model and mode that has it, defaulting to the table's cheapest value. */
function choiceFields(
	name: string,
	displayName: string,
	description: string,
	pick: (mode: VideoModeRule) => VideoChoice | undefined,
): INodeProperties[] {
	return MODEL_MODES.flatMap((entry) => {
		const choice = pick(entry.mode);
		if (!choice) return [];
		const cheapest = choice.default;
		const options = choice.values.map((value) => ({ name: value, value }));
		// Without a documented API default (a video edit's ratio follows its source), "Default"
		// leaves the parameter out, and is what a fresh node sends.
		if (choice.apiDefault === undefined) {
			const leftOut = '';
			return [
				{
					displayName,
					name,
					type: 'options',
					options: [{ name: 'Default', value: leftOut }, ...options],
					default: leftOut,
					description,
					displayOptions: forModelMode(entry),
				},
			];
		}
		return [
			{
				displayName,
				name,
				type: 'options',
				options,
				default: cheapest,
				description,
				displayOptions: forModelMode(entry),
			},
		];
	});
}

/** Duration where it can be set: a list of values or a range; the API's default, which bills least. */
const durationFields: INodeProperties[] = MODEL_MODES.flatMap((entry): INodeProperties[] => {
	const duration = entry.mode.duration;
	if (duration.fixed) return [];
	const seconds = duration.apiDefault;
	const base = {
		displayName: 'Duration (Seconds)',
		name: 'duration',
		displayOptions: forModelMode(entry),
	};
	if (duration.values) {
		return [
			{
				...base,
				type: 'options',
				options: duration.values.map((value) => ({ name: `${value}`, value })),
				default: seconds,
				description: 'Length of the video; billed per second',
			},
		];
	}
	const [min, max] = duration.range ?? [seconds, seconds];
	// A video edit takes 0 for "as long as the source video" (its API default).
	const keepsSource = (duration as { zeroKeepsSource?: boolean }).zeroKeepsSource === true;
	return [
		{
			...base,
			type: 'number',
			typeOptions: { minValue: keepsSource ? 0 : min, maxValue: max },
			default: seconds,
			description: `Length of the video, ${min} to ${max} seconds${keepsSource ? ' (0: as long as the source video)' : ''}; billed per second`,
		},
	];
});

/** Audio, where the model makes it optional: off, as a silent video bills less (flash models). */
const audioFields: INodeProperties[] = MODEL_MODES.filter((entry) =>
	entry.mode.takes.includes('audio'),
).map((entry) => ({
	displayName: 'Generate Audio',
	name: 'audio',
	type: 'boolean',
	default: false,
	description:
		'Whether the video gets a soundtrack (voices, effects, music matched to the picture). Costs more per second on the models that bill it.',
	displayOptions: forModelMode(entry),
}));

export const videoFields: INodeProperties[] = [
	modelField,
	...modeFields,
	promptField,
	...priceNotices,
	mediaField,
	...choiceFields(
		'resolution',
		'Resolution',
		'Output resolution; higher costs more per second',
		(mode) => mode.resolution,
	),
	...choiceFields(
		'videoSize',
		'Size',
		'Output width*height; larger costs more per second',
		(mode) => mode.size,
	),
	...choiceFields('ratio', 'Aspect Ratio', 'Width to height of the video', (mode) => mode.ratio),
	...durationFields,
	...choiceFields(
		'shotType',
		'Shot Type',
		'One continuous shot, or several shots with cuts',
		(mode) => mode.shotType,
	),
	...audioFields,
	...choiceFields(
		'audioSetting',
		'Audio Setting',
		"Keep the source video's sound, or let the model make new sound",
		(mode) => mode.audioSetting,
	),
];
