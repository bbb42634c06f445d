/**
 * The documented request rules (docs/dashscope-notes.md §2, §8), checked before anything
 * is sent so that a doomed call costs nothing. The rules are the model table's (models.ts); this
 * file only applies them. Pure: returns the first problem found.
 */
import { describeValue } from './coerce';
import {
	BBOX_LIMITS,
	MB,
	PALETTE_LIMITS,
	SEED_RANGE,
	modelRule,
	type ModeRule,
	type ModelRule,
	type OptionalParameter,
	type Range,
} from './models';
import type { Mode } from './types';

/** A reference image after the node resolved its source (URL as given, binary/base64 as a data URI). */
export interface ImageInput {
	/** Where it came from, for messages: "Reference Image 2 (binary property 'photo')". */
	label: string;
	/** What is sent: an http(s) or oss:// URL, or a `data:<mime>;base64,` URI. */
	value: string;
	/** Known for binary and base64 input. */
	mimeType?: string;
	/** Decoded size in bytes, known for binary and base64 input. */
	byteLength?: number;
	/** Pixel dimensions, when the image header was read. */
	width?: number;
	height?: number;
}

/** One colour of a wan2.7 palette: `#RRGGBB` and its share of the image in percent. */
export interface PaletteColor {
	hex: string;
	ratio: number;
}

export interface GenerateInput {
	model: string;
	mode: Mode;
	prompt: string;
	images: ImageInput[];
	/** `auto` (API default), a tier (`1K`, `2K`, `4K`) or `W*H` (also accepted: `WxH`). */
	size: string;
	/** Images to generate (`n`): edit, image-set and text-to-image modes. */
	n: number;
	/** Most images between the text (`max_images`): interleaved mode. */
	maxImages: number;
	negativePrompt?: string;
	promptExtend?: boolean;
	watermark?: boolean;
	seed?: number;
	/** wan2.7 text-to-image: let the model reason about the prompt first. */
	thinkingMode?: boolean;
	/** wan2.7: boxes `[x1, y1, x2, y2]` per reference image, in image order (`[]` for none). */
	bboxList?: number[][][];
	/** wan2.7: the colours the result should use. */
	colorPalette?: PaletteColor[];
}

export interface Problem {
	/** The parameter as the user sees it in the panel. */
	parameter: string;
	message: string;
}

/** The panel's name of each optional parameter, for messages. */
export const PARAMETER_LABELS: Record<OptionalParameter, string> = {
	negativePrompt: 'Negative Prompt',
	promptExtend: 'Prompt Extend',
	watermark: 'Watermark',
	seed: 'Seed',
	thinkingMode: 'Thinking Mode',
	bboxList: 'Bounding Boxes',
	colorPalette: 'Color Palette',
};

export const ACCEPTED_IMAGE_MIME_TYPES = [
	'image/jpeg',
	'image/jpg',
	'image/png',
	'image/bmp',
	'image/webp',
];

/** Characters as the API counts them: one per code point, not per UTF-16 unit. */
export const charCount = (text: string) => Array.from(text).length;

/** Decoded size of a Base64 string, without decoding it. */
const base64Bytes = (data: string) => {
	const clean = data.replace(/\s+/g, '');
	return (
		Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0)
	);
};

const isInt = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value);

const inRange = (value: number, [min, max]: readonly [number, number]) =>
	value >= min && value <= max;

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

const ratioText = (ratio: number) => (ratio >= 1 ? `${ratio}:1` : `1:${Math.round(1 / ratio)}`);
const rangeText = ([min, max]: Range) => `${ratioText(min)} to ${ratioText(max)}`;
const side = (pixels: number) => Math.round(Math.sqrt(pixels));
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The other modes of the model that accept what this one refuses, for a hint. */
function otherModeWhere(
	model: ModelRule,
	mode: Mode,
	test: (rule: ModeRule) => boolean,
): ModeRule | undefined {
	return (Object.entries(model.modes) as Array<[Mode, ModeRule]>).find(
		([name, rule]) => name !== mode && test(rule),
	)?.[1];
}

function checkSize(
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

function checkImage(image: ImageInput, model: ModelRule): Problem | undefined {
	const parameter = image.label;
	const value = image.value.trim();
	const limits = model.inputImage;
	if (value === '')
		return { parameter, message: 'is empty: give an image URL or remove the entry' };
	if (image.width !== undefined && image.height !== undefined) {
		const { width, height } = image;
		if (!inRange(width, limits.side) || !inRange(height, limits.side)) {
			return {
				parameter,
				message: `is ${width}*${height} pixels; ${model.id} accepts ${limits.side[0]} to ${limits.side[1]} pixels per side`,
			};
		}
		if (limits.ratio && !inRange(width / height, limits.ratio)) {
			return {
				parameter,
				message: `is ${width}*${height} pixels; ${model.id} accepts aspect ratios ${rangeText(limits.ratio)}`,
			};
		}
	}
	if (value.startsWith('data:')) {
		const match = /^data:([^;,]+);base64,/i.exec(value);
		if (!match) {
			return {
				parameter,
				message: 'is a data URI but not of the form data:<mime type>;base64,<data>',
			};
		}
		const mimeType = (image.mimeType ?? match[1]).toLowerCase();
		// A data URI typed into a URL field has no known size: estimate it from the Base64 length.
		const byteLength = image.byteLength ?? base64Bytes(value.slice(match[0].length));
		if (!ACCEPTED_IMAGE_MIME_TYPES.includes(mimeType)) {
			return {
				parameter,
				message: `has type ${mimeType}; the API accepts JPEG, PNG, BMP and WEBP images`,
			};
		}
		if (byteLength > limits.bytes) {
			return {
				parameter,
				message: `is ${byteLength} bytes (${(byteLength / MB).toFixed(2)} MB); ${model.id} accepts images up to ${limits.bytes / MB} MB (${limits.bytes} bytes)`,
			};
		}
		if (byteLength === 0) return { parameter, message: 'is empty (0 bytes)' };
		return undefined;
	}
	if (/^oss:\/\/\S+$/i.test(value)) return undefined;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return { parameter, message: `"${value.slice(0, 200)}" is not a valid URL` };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return {
			parameter,
			message: `uses ${url.protocol} — the API fetches images over http(s) only (or pass the file as binary)`,
		};
	}
	return undefined;
}

/** Optional parameters the user set, in the order they are checked. */
function parametersSet(input: GenerateInput): OptionalParameter[] {
	return (Object.keys(PARAMETER_LABELS) as OptionalParameter[]).filter(
		(key) => input[key] !== undefined,
	);
}

function checkBoxes(boxes: unknown, imageCount: number): string | undefined {
	if (!Array.isArray(boxes)) return 'must be a list with one list of boxes per reference image';
	if (imageCount === 0) return 'needs reference images: boxes mark regions of them';
	if (boxes.length !== imageCount) {
		return `has ${plural(boxes.length, 'entry')} for ${plural(imageCount, 'reference image')}; give one list per image, [] for an image without boxes`;
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

function checkPalette(colors: PaletteColor[]): string | undefined {
	const [min, max] = PALETTE_LIMITS.colors;
	if (colors.length < min || colors.length > max)
		return `has ${plural(colors.length, 'colour')}; give ${min} to ${max}`;
	for (const [index, color] of colors.entries()) {
		if (!/^#[0-9a-f]{6}$/i.test(String(color.hex)))
			return `colour ${index + 1} "${color.hex}" is not a #RRGGBB hex colour`;
		if (!(typeof color.ratio === 'number' && color.ratio > 0 && color.ratio <= 100)) {
			return `colour ${index + 1} has ratio ${color.ratio}; give a share above 0 and up to 100 (%)`;
		}
	}
	const total = colors.reduce((sum, color) => sum + color.ratio, 0);
	if (Math.abs(total - 100) > 0.01)
		return `ratios add up to ${Number(total.toFixed(2))}%; they must add up to 100%`;
	return undefined;
}

/** The first rule the input breaks, or undefined when it may be sent. */
export function validateGenerateInput(input: GenerateInput): Problem | undefined {
	const modelId = input.model.trim();
	if (modelId === '' || /\s/.test(modelId)) {
		return {
			parameter: 'Model',
			message: `"${input.model}" is not a model id (for example wan2.6-image)`,
		};
	}
	const model = modelRule(modelId);
	const rule = model.modes[input.mode];
	if (!rule) {
		const offered = Object.values(model.modes).map((mode) => mode!.label);
		return {
			parameter: 'Mode',
			message: `"${input.mode}" is not a mode of ${modelId}; it offers ${offered.join(', ')}`,
		};
	}
	const prompt = input.prompt.trim();
	if (prompt === '')
		return { parameter: 'Prompt', message: 'is empty: describe the image you want' };
	const promptChars = charCount(input.prompt);
	if (promptChars > model.promptChars) {
		return {
			parameter: 'Prompt',
			message: `has ${promptChars} characters; the API allows ${model.promptChars} and would cut the rest silently`,
		};
	}
	// Nothing the user set is dropped: a value the model ignores (e.g. arriving by expression) fails.
	for (const parameter of parametersSet(input)) {
		if (!rule.takes.includes(parameter)) {
			return {
				parameter: PARAMETER_LABELS[parameter],
				message: `is not taken by ${modelId} in ${rule.label} mode; remove it (it would be ignored)`,
			};
		}
	}
	if (input.negativePrompt !== undefined) {
		const chars = charCount(input.negativePrompt);
		if (chars > model.negativePromptChars) {
			return {
				parameter: 'Negative Prompt',
				message: `has ${chars} characters; the API allows ${model.negativePromptChars}`,
			};
		}
	}
	const [minImages, maxImages] = rule.images;
	const count = input.images.length;
	if (count < minImages || count > maxImages) {
		const textMode =
			count === 0 ? otherModeWhere(model, input.mode, (r) => r.images[0] === 0) : undefined;
		let message: string;
		if (maxImages === 0) message = `${modelId} takes no reference images; got ${count}`;
		else if (minImages === 0)
			message = `${rule.describe} takes at most ${plural(maxImages, 'reference image')}; got ${count}`;
		else
			message = `${rule.describe} needs ${minImages} to ${maxImages} reference images; got ${count}`;
		if (textMode) message += ` (use the ${textMode.label} mode for text-to-image)`;
		return { parameter: 'Reference Images', message };
	}
	for (const image of input.images) {
		const problem = checkImage(image, model);
		if (problem) return problem;
	}
	const { name, range } = rule.count;
	const value = name === 'n' ? input.n : input.maxImages;
	if (!isInt(value) || !inRange(value, range)) {
		const label = name === 'n' ? 'Number of Images' : 'Max Images';
		const upper = range[1] === Number.MAX_SAFE_INTEGER ? '' : ` to ${range[1]}`;
		return {
			parameter: label,
			message: `must be a whole number from ${range[0]}${upper}; got ${describeValue(value)}`,
		};
	}
	const sizeProblem = checkSize(input.size, model, input.mode, rule, count === 0);
	if (sizeProblem) return sizeProblem;
	if (input.seed !== undefined && (!isInt(input.seed) || !inRange(input.seed, SEED_RANGE))) {
		return {
			parameter: 'Seed',
			message: `must be a whole number from 0 to 2147483647; got ${describeValue(input.seed)}`,
		};
	}
	if (!model.checked) return undefined;
	// [3P alicloud-skills; I] thinking_mode only acts on text-to-image: with images it would be ignored.
	if (input.thinkingMode !== undefined && count > 0) {
		return {
			parameter: 'Thinking Mode',
			message: `only applies to text-to-image (no reference images) on ${modelId}; got ${plural(count, 'reference image')}: remove it`,
		};
	}
	if (input.bboxList !== undefined) {
		const problem = checkBoxes(input.bboxList, count);
		if (problem) return { parameter: 'Bounding Boxes', message: problem };
	}
	if (input.colorPalette !== undefined) {
		const problem = checkPalette(input.colorPalette);
		if (problem) return { parameter: 'Color Palette', message: problem };
	}
	return undefined;
}
