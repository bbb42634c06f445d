/** The wan2.7 options' own checks: bounding boxes per reference image, the colour palette. */
import type { PaletteColor } from './generateInput';
import { BBOX_LIMITS, PALETTE_LIMITS } from './models';
import { describeValue, isInt, plural } from './values';

export function checkBoxes(boxes: unknown, imageCount: number): string | undefined {
	if (!Array.isArray(boxes)) return 'must be a list with one list of boxes per reference image';
	if (imageCount === 0) return 'needs reference images: boxes mark regions of them';
	if (boxes.length !== imageCount) {
		return `has ${plural(boxes.length, 'entry', 'entries')} for ${plural(imageCount, 'reference image')}; give one list per image, [] for an image without boxes`;
	}
	for (const [index, perImage] of boxes.entries()) {
		if (!Array.isArray(perImage))
			return `entry ${index + 1} must be a list of boxes [x1, y1, x2, y2]`;
		if (perImage.length > BBOX_LIMITS.boxesPerImage) {
			return `entry ${index + 1} has ${perImage.length} boxes; at most ${BBOX_LIMITS.boxesPerImage} per image`;
		}
		for (const box of perImage) {
			const ok =
				Array.isArray(box) &&
				box.length === 4 &&
				box.every((value) => isInt(value) && value >= 0) &&
				box[0] < box[2] &&
				box[1] < box[3];
			if (!ok)
				return `entry ${index + 1} has ${JSON.stringify(box)}; a box is [x1, y1, x2, y2] in whole pixels with x1 < x2 and y1 < y2`;
		}
	}
	return undefined;
}

/**
 * A colour's share as typed: a number, or its text with or without a % sign (`"50"`, `"50%"`, as
 * an expression or a sheet gives it) → that number. Anything else is returned unchanged, for
 * `checkPalette` to name what arrived.
 */
export function shareOrRaw(value: unknown): unknown {
	if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*%?\s*$/.test(value))
		return Number(value.replace('%', ''));
	return value;
}

export function checkPalette(colors: PaletteColor[]): string | undefined {
	const [min, max] = PALETTE_LIMITS.colors;
	if (colors.length < min || colors.length > max)
		return `has ${plural(colors.length, 'colour')}; give ${min} to ${max}`;
	for (const [index, color] of colors.entries()) {
		if (!/^#[0-9a-f]{6}$/i.test(String(color.hex)))
			return `colour ${index + 1} "${color.hex}" is not a #RRGGBB hex colour`;
		if (!(typeof color.ratio === 'number' && color.ratio > 0 && color.ratio <= 100)) {
			return `colour ${index + 1} has the share ${describeValue(color.ratio)}; give a number above 0 and up to 100 (a percentage: 50 or "50%")`;
		}
	}
	const total = colors.reduce((sum, color) => sum + color.ratio, 0);
	if (Math.abs(total - 100) > 0.01)
		return `ratios add up to ${Number(total.toFixed(2))}%; they must add up to 100%`;
	return undefined;
}
