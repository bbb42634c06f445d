/**
 * The documented request rules (shared/reference/dashscope-api.md §2), checked before anything
 * is sent so that a doomed call costs nothing. Pure: returns the first problem found.
 */
import { describeValue } from './coerce';
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
}

export interface GenerateInput {
	model: string;
	mode: Mode;
	prompt: string;
	images: ImageInput[];
	/** `auto` (API default), `1K`, `2K` or `W*H` (also accepted: `WxH`). */
	size: string;
	n: number;
	maxImages: number;
	negativePrompt?: string;
	promptExtend?: boolean;
	watermark?: boolean;
	seed?: number;
}

export interface Problem {
	/** The parameter as the user sees it in the panel. */
	parameter: string;
	message: string;
}

export const LIMITS = {
	promptChars: 2000,
	negativePromptChars: 500,
	images: { edit: [1, 4], interleave: [0, 1] } as Record<Mode, [number, number]>,
	n: [1, 4],
	maxImages: [1, 5],
	seed: [0, 2147483647],
	imageBytes: 10 * 1024 * 1024,
	/** Total output pixels for a W*H size, per mode (newer docs, S2/S4/S5). */
	pixels: { edit: [768 * 768, 2048 * 2048], interleave: [768 * 768, 1280 * 1280] } as Record<
		Mode,
		[number, number]
	>,
	ratio: [1 / 4, 4],
} as const;

export const ACCEPTED_IMAGE_MIME_TYPES = ['image/jpeg', 'image/jpg', 'image/png', 'image/bmp', 'image/webp'];

/** Characters as the API counts them: one per code point, not per UTF-16 unit. */
export const charCount = (text: string) => Array.from(text).length;

/** Decoded size of a Base64 string, without decoding it. */
const base64Bytes = (data: string) => {
	const clean = data.replace(/\s+/g, '');
	return Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
};

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

const inRange = (value: number, [min, max]: readonly [number, number]) => value >= min && value <= max;

/** `1280*720`, `1280x720`, `1280 × 720` → `1280*720`; anything else → undefined. */
export function parseSize(size: string): { width: number; height: number; normalized: string } | undefined {
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

function checkSize(size: string, mode: Mode): Problem | undefined {
	if (size === 'auto' || size === '') return undefined;
	if (size === '1K' || size === '2K') {
		return mode === 'edit'
			? undefined
			: {
					parameter: 'Size',
					message: `${size} is only available in image editing mode; interleaved output takes W*H (up to 1280*1280) or Auto`,
				};
	}
	const parsed = parseSize(size);
	if (!parsed) {
		return {
			parameter: 'Size',
			message: `"${size}" is not a size: use 1K, 2K (editing only) or width*height such as 1280*720`,
		};
	}
	const pixels = parsed.width * parsed.height;
	const [min, max] = LIMITS.pixels[mode];
	if (!inRange(pixels, [min, max])) {
		const side = (n: number) => Math.round(Math.sqrt(n));
		return {
			parameter: 'Size',
			message: `${parsed.normalized} has ${pixels} pixels; ${mode === 'edit' ? 'image editing' : 'interleaved output'} allows ${side(min)}*${side(min)} to ${side(max)}*${side(max)} (${min}–${max} pixels)`,
		};
	}
	const ratio = parsed.width / parsed.height;
	if (!inRange(ratio, LIMITS.ratio)) {
		return {
			parameter: 'Size',
			message: `${parsed.normalized} has an aspect ratio outside 1:4 to 4:1`,
		};
	}
	return undefined;
}

function checkImage(image: ImageInput): Problem | undefined {
	const parameter = image.label;
	const value = image.value.trim();
	if (value === '') return { parameter, message: 'is empty: give an image URL or remove the entry' };
	if (value.startsWith('data:')) {
		const match = /^data:([^;,]+);base64,/i.exec(value);
		if (!match) {
			return { parameter, message: 'is a data URI but not of the form data:<mime type>;base64,<data>' };
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
		if (byteLength > LIMITS.imageBytes) {
			return {
				parameter,
				message: `is ${byteLength} bytes (${(byteLength / 1024 / 1024).toFixed(2)} MB); the API accepts images up to 10 MB (10485760 bytes)`,
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

/** The first rule the input breaks, or undefined when it may be sent. */
export function validateGenerateInput(input: GenerateInput): Problem | undefined {
	const model = input.model.trim();
	if (model === '' || /\s/.test(model)) {
		return { parameter: 'Model', message: `"${input.model}" is not a model id (for example wan2.6-image)` };
	}
	const prompt = input.prompt.trim();
	if (prompt === '') return { parameter: 'Prompt', message: 'is empty: describe the image you want' };
	const promptChars = charCount(input.prompt);
	if (promptChars > LIMITS.promptChars) {
		return {
			parameter: 'Prompt',
			message: `has ${promptChars} characters; the API allows ${LIMITS.promptChars} and would cut the rest silently`,
		};
	}
	if (input.negativePrompt !== undefined) {
		const chars = charCount(input.negativePrompt);
		if (chars > LIMITS.negativePromptChars) {
			return {
				parameter: 'Negative Prompt',
				message: `has ${chars} characters; the API allows ${LIMITS.negativePromptChars}`,
			};
		}
	}
	const [minImages, maxImages] = LIMITS.images[input.mode];
	const count = input.images.length;
	if (count < minImages || count > maxImages) {
		return {
			parameter: 'Reference Images',
			message:
				input.mode === 'edit'
					? `image editing needs 1 to 4 reference images; got ${count}${count === 0 ? ' (use the Interleaved mode for text-to-image)' : ''}`
					: `interleaved output takes at most 1 reference image; got ${count}`,
		};
	}
	for (const image of input.images) {
		const problem = checkImage(image);
		if (problem) return problem;
	}
	if (input.mode === 'edit') {
		if (!isInt(input.n) || !inRange(input.n, LIMITS.n)) {
			return { parameter: 'Number of Images', message: `must be a whole number from 1 to 4; got ${describeValue(input.n)}` };
		}
	} else if (!isInt(input.maxImages) || !inRange(input.maxImages, LIMITS.maxImages)) {
		return { parameter: 'Max Images', message: `must be a whole number from 1 to 5; got ${describeValue(input.maxImages)}` };
	}
	const sizeProblem = checkSize(input.size, input.mode);
	if (sizeProblem) return sizeProblem;
	if (input.seed !== undefined && (!isInt(input.seed) || !inRange(input.seed, LIMITS.seed))) {
		return { parameter: 'Seed', message: `must be a whole number from 0 to 2147483647; got ${describeValue(input.seed)}` };
	}
	return undefined;
}
