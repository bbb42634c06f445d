/** The options that shape the request (Negative Prompt, Seed, …), each shown where the model takes it. */
import type { INodeProperties } from 'n8n-workflow';

import type { OptionalParameter } from '../../api/modelRule';
import { BBOX_LIMITS, modesOf, PALETTE_LIMITS, SEED_RANGE } from '../../api/models';

import { sameFor, takenBy, takingModels } from './display';

const [SEED_MIN, SEED_MAX] = SEED_RANGE;
const [MIN_COLORS, MAX_COLORS] = PALETTE_LIMITS.colors;
const NEGATIVE_PROMPT_CHARS = sameFor(
	takingModels('negativePrompt'),
	(model) => model.negativePromptChars,
);
/** Whether every mode that takes Thinking Mode takes it for text-to-image only. */
const THINKING_TEXT_ONLY = sameFor(takingModels('thinkingMode'), (model) =>
	modesOf(model)
		.filter(([, rule]) => rule.takes.includes('thinkingMode'))
		.every(([, rule]) => rule.textOnlyTakes?.includes('thinkingMode')),
);

/** Options that shape the request (named as in the model table), before `takenBy` places them. */
const requestOptionFields: Array<INodeProperties & { name: OptionalParameter }> = [
	{
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: `What to keep out of the image, up to ${NEGATIVE_PROMPT_CHARS} characters`,
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
		typeOptions: { minValue: SEED_MIN, maxValue: SEED_MAX },
		default: 0,
		description: `A fixed seed (${SEED_MIN}–${SEED_MAX}) makes results more repeatable, though not identical. Leave the option out for a random seed.`,
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
		description: `Whether the model reasons about the prompt before drawing${THINKING_TEXT_ONLY ? ' (text-to-image only: no reference images)' : ''}. Slower, often better composed.`,
	},
	{
		displayName: 'Bounding Boxes',
		name: 'bboxList',
		type: 'json',
		default: '[]',
		placeholder: '[[[120, 80, 560, 420]], []]',
		description: `Regions to edit, as JSON: one list per reference image, in order, each with up to ${BBOX_LIMITS.boxesPerImage} boxes [x1, y1, x2, y2] in pixels ([] for an image without boxes)`,
	},
	{
		displayName: 'Color Palette',
		name: 'colorPalette',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Color',
		default: {},
		description: `The colours the image should use: ${MIN_COLORS} to ${MAX_COLORS}, with shares that add up to 100%`,
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
export const generationOptions: INodeProperties[] = requestOptionFields.flatMap((field) =>
	takenBy(field.name).map((displayOptions) => ({ ...field, displayOptions })),
);
