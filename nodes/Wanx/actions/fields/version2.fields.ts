/** Version 2's Model, Model ID and Mode fields, and the Size and count fields of each model and mode. */
import type { INodeProperties } from 'n8n-workflow';

import type { Mode, ModeRule, ModelRule } from '../../api/modelRule';
import { CUSTOM_MODEL, DEFAULT_MODEL, modesOf } from '../../api/models';

import { forModelMode, PANEL_MODELS, V2 } from './display';
import { modeField } from './shared.fields';
import { sizeField } from './size.fields';

/** Version 2: Model is a list of the table's models, and each field follows the model and mode. */
export const version2Fields: INodeProperties[] = [
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
	...PANEL_MODELS.filter((model) => modesOf(model).length > 1).map((model) =>
		modeField(modesOf(model), model.defaultMode, {
			show: { '@version': V2, model: [model.id] },
		}),
	),
];

/** The count field of one model and mode (`n`, or `max_images` in interleaved mode); defaults bill one image. */
export function countField(model: ModelRule, mode: Mode, rule: ModeRule): INodeProperties {
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

export const version2Counts: INodeProperties[] = PANEL_MODELS.flatMap((model) =>
	modesOf(model).flatMap(([mode, rule]) => [
		sizeField(model, mode, rule),
		countField(model, mode, rule),
	]),
);
