/** The Size field of each version-2 model and mode, the W*H presets, and Custom Size. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Mode, ModeRule, ModelRule, Range } from '../../api/modelRule';
import { checkSize } from '../../api/outputSize';

import { forModelMode } from './display';

/** `1:1 1280*1280, …` → Size options named `1:1 — 1280×1280`. */
const presets = (list: string) =>
	list.split(', ').map((entry) => {
		const [ratio, value] = entry.split(' ');
		return { name: `${ratio} — ${value.replace('*', '×')}`, value };
	});

/** The W*H sizes wan2.6-image's pages recommend (§2.4 [D S1, S2]); version 1 offers these. */
export const WAN26_PRESETS = presets(
	'1:1 1280*1280, 1:1 1024*1024, 2:3 800*1200, 3:2 1200*800, 3:4 960*1280, 4:3 1280*960, 9:16 720*1280, 16:9 1280*720, 21:9 1344*576',
);

/** Recommended W*H sizes, wan2.6-t2i's last (§8 [Q S4]); each model shows those it accepts. */
const SIZE_PRESETS = [
	...WAN26_PRESETS,
	...presets('3:4 1104*1472, 4:3 1472*1104, 9:16 960*1696, 16:9 1696*960'),
];

export const TIER_HELP: Record<string, string> = {
	'1K': 'About 1280×1280, with the aspect ratio of the last image',
	'2K': 'About 2048×2048, with the aspect ratio of the last image',
	'4K': 'About 4096×4096',
};

/** A preset is offered where the Size check would accept it (in its widest, text-only form). */
const fits = (value: string, model: ModelRule, mode: Mode, rule: ModeRule) =>
	!checkSize(value, model, mode, rule, true);

/** A pixel count as the square it equals: `1280×1280`. */
export const square = (pixels: number) =>
	`${Math.round(Math.sqrt(pixels))}×${Math.round(Math.sqrt(pixels))}`;
/** A pixel range in words: `768×768 to 2048×2048`. */
export const pixelsText = ([min, max]: Range) => `${square(min)} to ${square(max)}`;
/** An aspect-ratio limit in words: `, with a ratio between 1:4 and 4:1` (nothing without one). */
export const ratioText = (ratio?: Range) =>
	ratio ? `, with a ratio between 1:${Math.round(1 / ratio[0])} and ${ratio[1]}:1` : '';

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
				? `Output resolution. Width*height must total ${pixelsText(rule.size.textOnlyPixels ?? pixels)} pixels${ratioText(rule.size.ratio)}.`
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
