/**
 * Version 1's fields: Mode and Model, then Size and the counts, with version 1's names and defaults
 * (n8n stores only non-default values, so saved workflows keep their meaning), written from
 * wan2.6-image's row of the model table.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { Mode } from '../../api/modelRule';
import { modelRule, modesOf } from '../../api/models';

import { V1 } from './display';
import { pixelsText, ratioText, square, TIER_HELP, WAN26_PRESETS } from './size.fields';
import { modeField } from './shared.fields';
import { countField } from './version2.fields';

/** Version 1's model, whatever version 2's default becomes. */
const MODEL = 'wan2.6-image';
const ROW = modelRule(MODEL);
const EDIT = ROW.modes.edit!;
const INTERLEAVE = ROW.modes.interleave!;

/** Version 1's Mode and Model. */
export const version1Fields: INodeProperties[] = [
	modeField(modesOf(ROW), 'edit', { show: V1 }),
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: MODEL,
		description: `The model ID. Wan 2.6 image generation and editing is ${MODEL}.`,
		displayOptions: { show: V1 },
	},
];

/** A count of version 1, for one mode, with version 1's default. */
function count(mode: Mode, defaultCount: number): INodeProperties {
	const { displayName, name, type, typeOptions, description } = countField(
		ROW,
		mode,
		ROW.modes[mode]!,
	);
	return {
		displayName,
		name,
		type,
		typeOptions,
		default: defaultCount,
		description,
		displayOptions: { show: { ...V1, mode: [mode] } },
	};
}

/** Version 1's Size, Number of Images and Max Images (which defaulted to 5). */
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
			...EDIT.size.tiers.map((tier) => ({
				name: `${tier} (Editing Only)`,
				value: tier,
				description: TIER_HELP[tier],
			})),
			...WAN26_PRESETS,
			{ name: 'Custom', value: 'custom', description: 'Width*height of your choice' },
		],
		default: 'auto',
		description: `Output resolution. Width*height must total ${pixelsText(EDIT.size.pixels!)} pixels for editing (${square(INTERLEAVE.size.pixels![1])} for interleaved)${ratioText(EDIT.size.ratio)}.`,
		displayOptions: { show: V1 },
	},
	count('edit', 1),
	count('interleave', 5),
];
