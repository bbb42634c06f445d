/** The Size parameter (size of the images to make): parsed, normalised, checked per mode. */
import { otherModeWhere } from './models';
import type { ModelRule, ModeRule } from './modelRule';
import type { Problem } from './generateInput';
import { inRange, rangeText } from './values';
import type { Mode } from './modelRule';

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

/** What people type for a size → the API's spelling: `1k` → `1K`, ` 1280x720 ` → `1280*720`. */
export function normalizeSize(size: string): string {
	const trimmed = size.trim();
	if (/^[12]k$/i.test(trimmed)) return trimmed.toUpperCase();
	return parseSize(trimmed)?.normalized ?? trimmed;
}

const side = (pixels: number) => Math.round(Math.sqrt(pixels));

export function checkSize(
	size: string,
	model: ModelRule,
	mode: Mode,
	rule: ModeRule,
	textOnly: boolean,
): Problem | undefined {
	if (size === 'auto' || size === '') return undefined;
	const { tiers, textOnlyTiers = [], pixels, textOnlyPixels, ratio } = rule.size;
	if (/^\d+K$/.test(size)) {
		// A model without rules may take any tier; known models take theirs.
		if (tiers.includes(size) || !model.checked) return undefined;
		if (textOnlyTiers.includes(size)) {
			return textOnly
				? undefined
				: {
						parameter: 'Size',
						message: `${size} is only available for text-to-image on ${model.id} (no reference images); got reference images`,
					};
		}
		const maxSide = pixels ? side(pixels[1]) : 0;
		const takes = `${tiers.length ? `${tiers.join(', ')}, ` : ''}${pixels ? `W*H (up to ${maxSide}*${maxSide})` : ''} or Auto`;
		const other = otherModeWhere(model, mode, (r) =>
			[...r.size.tiers, ...(r.size.textOnlyTiers ?? [])].includes(size),
		);
		return {
			parameter: 'Size',
			message: other
				? `${size} is only available in ${other.describe} mode; ${rule.describe} takes ${takes}`
				: `${size} is not offered by ${model.id} for ${rule.describe}; it takes ${takes}`,
		};
	}
	const parsed = parseSize(size);
	if (!parsed || !pixels) {
		return {
			parameter: 'Size',
			message: `"${size}" is not a size: use ${tiers.length ? `${tiers.join(', ')} or ` : ''}width*height such as 1280*720`,
		};
	}
	const total = parsed.width * parsed.height;
	const [min, max] = textOnly && textOnlyPixels ? textOnlyPixels : pixels;
	if (!inRange(total, [min, max])) {
		return {
			parameter: 'Size',
			message: `${parsed.normalized} has ${total} pixels; ${rule.describe} allows ${side(min)}*${side(min)} to ${side(max)}*${side(max)} (${min}–${max} pixels)`,
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
