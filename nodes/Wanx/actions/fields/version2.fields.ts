/** Version 2's Model, Model ID and Mode fields, and the Size and count fields of each model and mode. */
import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM_MODEL, DEFAULT_MODEL } from '../../api/models';

import { countField } from './count.fields';
import { modesOf } from '../../api/models';

import { PANEL_MODELS, V2 } from './display';
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

export const version2Counts: INodeProperties[] = PANEL_MODELS.flatMap((model) =>
	modesOf(model).flatMap(([mode, rule]) => [
		sizeField(model, mode, rule),
		countField(model, mode, rule),
	]),
);
