/** The request options of the video operations (Options), each shown where the model and mode take it. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { VIDEO_MODELS } from '../../api/videoModels';
import type { VideoParameter } from '../../api/videoTypes';
import { videoModesOf } from './display';

/** The request options, each shown for the models and modes that take it. */
const OPTION_FIELDS: Array<INodeProperties & { name: VideoParameter }> = [
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

export const videoRequestOptions: INodeProperties[] = OPTION_FIELDS.flatMap((field) =>
	VIDEO_MODELS.flatMap((model) => {
		const modes = videoModesOf(model);
		const taking = modes.filter(([, mode]) => mode.takes.includes(field.name));
		if (taking.length === 0) return [];
		const show: IDisplayOptions['show'] = { '/model': [model.id] };
		if (taking.length < modes.length) show['/mode'] = taking.map(([name]) => name);
		return [{ ...field, displayOptions: { show } }];
	}),
);
