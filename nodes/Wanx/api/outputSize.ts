/** The Size parameter (size of the images to make): read, written in the API's spelling, checked per mode. */
import type { Problem } from './generateInput';
import type { Mode, ModelRule, ModeRule } from './modelRule';
import { otherModeWhere } from './models';
import { inRange, rangeText } from './values';

/** `1280*720`, `1280x720`, `1280 × 720` → `1280*720`; anything else → undefined. */
export function parseSize(
	size: string,
): { width: number; height: number; normalized: string } | undefined {
	const match = /^\s*(\d{2,5})\s*[*xX×]\s*(\d{2,5})\s*$/.exec(size);
	if (!match) return undefined;
	const width = Number(match[1]);
	const height = Number(match[2]);
	return { width, height, normalized: `${width}*${height}` };
}

/** A tier as typed (`1k`, ` 4K `) → its name (`1K`, `4K`); anything else → undefined. */
const parseTier = (size: string) =>
	/^\s*\d+k\s*$/i.test(size) ? size.trim().toUpperCase() : undefined;

/** What people type for a size → the API's spelling: `4k` → `4K`, ` 1280x720 ` → `1280*720`. */
export function normalizeSize(size: string): string {
	return parseTier(size) ?? parseSize(size)?.normalized ?? size.trim();
}

const side = (pixels: number) => Math.round(Math.sqrt(pixels));

/**
 * A pixel count as a size: `S*S` when it is a square, else its most nearly square `W*H` with both
 * sides multiples of 16 (wan2.6-t2i's lower bound is its smallest listed size, 1104*1472).
 */
export function areaText(pixels: number): string {
	const root = Math.sqrt(pixels);
	if (Number.isInteger(root)) return `${root}*${root}`;
	for (let width = Math.floor(root / 16) * 16; width >= 16; width -= 16) {
		if (pixels % width === 0 && (pixels / width) % 16 === 0) return `${width}*${pixels / width}`;
	}
	return `${side(pixels)}*${side(pixels)} (about)`;
}

/** A range of total pixels in words, as messages and the README state it: `768*768 to 2048*2048 (589824–4194304 pixels)`. */
export const pixelRangeText = ([min, max]: readonly [number, number]) =>
	`${areaText(min)} to ${areaText(max)} (${min}–${max} pixels)`;

export function checkSize(
	size: string,
	model: ModelRule,
	mode: Mode,
	rule: ModeRule,
	textOnly: boolean,
): Problem | undefined {
	if (size.trim() === 'auto' || size.trim() === '') return undefined;
	const { tiers, textOnlyTiers = [], pixels, textOnlyPixels, ratio } = rule.size;
	const tierNames = [...tiers, ...textOnlyTiers.map((tier) => `${tier} (text-to-image only)`)];
	const tier = parseTier(size);
	if (tier) {
		// A model without rules may take any tier; known models take theirs.
		if (tiers.includes(tier) || !model.checked) return undefined;
		if (textOnlyTiers.includes(tier)) {
			return textOnly
				? undefined
				: {
						parameter: 'Size',
						message: `${tier} is only available for text-to-image on ${model.id} (no reference images); got reference images`,
					};
		}
		const maxSide = pixels ? side(pixels[1]) : 0;
		const takes = `${tierNames.length ? `${tierNames.join(', ')}, ` : ''}${pixels ? `W*H (up to ${maxSide}*${maxSide})` : ''} or Auto`;
		const other = otherModeWhere(model, mode, (r) =>
			[...r.size.tiers, ...(r.size.textOnlyTiers ?? [])].includes(tier),
		);
		return {
			parameter: 'Size',
			message: other
				? `${tier} is only available in ${other.describe} mode; ${rule.describe} takes ${takes}`
				: `${tier} is not offered by ${model.id} for ${rule.describe}; it takes ${takes}`,
		};
	}
	const parsed = parseSize(size);
	if (!parsed || !pixels) {
		return {
			parameter: 'Size',
			message: `"${size.trim()}" is not a size: use ${tierNames.length ? `${tierNames.join(', ')} or ` : ''}width*height such as 1280*720`,
		};
	}
	const total = parsed.width * parsed.height;
	const [min, max] = textOnly && textOnlyPixels ? textOnlyPixels : pixels;
	if (!inRange(total, [min, max])) {
		return {
			parameter: 'Size',
			message: `${parsed.normalized} has ${total} pixels; ${rule.describe} allows ${pixelRangeText([min, max])}`,
		};
	}
	if (ratio && !inRange(parsed.width / parsed.height, ratio)) {
		return {
			parameter: 'Size',
			message: `${parsed.normalized} has an aspect ratio outside ${rangeText(ratio)}`,
		};
	}
	return undefined;
}
