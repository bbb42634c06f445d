/** One reference image checked against its model's input rule: source, type, bytes and pixels. */
import type { ImageInput, Problem } from './generateInput';
import { MB } from './models';
import type { ModelRule } from './modelRule';
import { inRange, rangeText } from './values';

export const ACCEPTED_IMAGE_MIME_TYPES = [
	'image/jpeg',
	'image/jpg',
	'image/png',
	'image/bmp',
	'image/webp',
];

/** Decoded size of a Base64 string, without decoding it. */
const base64Bytes = (data: string) => {
	const clean = data.replace(/\s+/g, '');
	return (
		Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0)
	);
};

export function checkImage(image: ImageInput, model: ModelRule): Problem | undefined {
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
