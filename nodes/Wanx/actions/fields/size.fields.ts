/** The Size field of each version-2 model and mode, the W*H presets, and Custom Size. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ModeRule, ModelRule } from '../../api/modelRule';
import { checkSize } from '../../api/outputSize';
import type { Mode } from '../../api/modelRule';

import { forModelMode } from './display';

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

export const TIER_HELP: Record<string, string> = {
	'1K': 'About 1280×1280, with the aspect ratio of the last image',
	'2K': 'About 2048×2048, with the aspect ratio of the last image',
	'4K': 'About 4096×4096',
};

/** A preset is offered where the Size check would accept it (in its widest, text-only form). */
const fits = (value: string, model: ModelRule, mode: Mode, rule: ModeRule) =>
	!checkSize(value, model, mode, rule, true);

const pixelsText = ([min, max]: readonly [number, number]) =>
	`${Math.round(Math.sqrt(min))}×${Math.round(Math.sqrt(min))} to ${Math.round(Math.sqrt(max))}×${Math.round(Math.sqrt(max))}`;

/** The Size field of one model and mode: only the tiers and W*H sizes that mode accepts. */
export function sizeField(model: ModelRule, mode: Mode, rule: ModeRule): INodeProperties {
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
		if (model.checked)
			options.push(...SIZE_PRESETS.filter((preset) => fits(preset.value, model, mode, rule)));
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

export const customSizeField: INodeProperties = {
	displayName: 'Custom Size',
	name: 'customSize',
	type: 'string',
	default: '1280*720',
	placeholder: '1280*720',
	description: 'Width*height in pixels, e.g. 1280*720',
	displayOptions: { show: { size: ['custom'] } },
};
