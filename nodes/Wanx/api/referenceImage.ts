/**
 * One reference image checked against its model's input rule: its source, type, bytes and pixels;
 * the accepted types and what the messages call them, written once.
 */
import type { ImageHeader } from './imageBytes';
import type { ImageInput, Problem } from './generateInput';
import type { InputImageRule, ModelRule } from './modelRule';
import { INPUT_IMAGE_TYPES, MB } from './models';
import { inRange, rangeText } from './values';

const TYPE_NAMES = [...new Set(Object.values(INPUT_IMAGE_TYPES))];

/** The accepted types in words: `JPEG, PNG, BMP or WEBP`; without a conjunction `JPEG, PNG, BMP, WEBP`. */
export const acceptedTypes = (conjunction?: 'or' | 'and') =>
	conjunction
		? `${TYPE_NAMES.slice(0, -1).join(', ')} ${conjunction} ${TYPE_NAMES[TYPE_NAMES.length - 1]}`
		: TYPE_NAMES.join(', ');

export const isAcceptedType = (mimeType: string) =>
	Object.prototype.hasOwnProperty.call(INPUT_IMAGE_TYPES, mimeType);

/** Why an image of this type may not be sent. */
export const wrongType = (mimeType: string) =>
	`has type ${mimeType}; the API accepts ${acceptedTypes('and')} images`;

/**
 * Why bytes read as an image cannot be sent whatever the model: they are no image of a known type,
 * or an accepted type whose header gives no size (a cut file). Undefined: they can be checked.
 */
export function unreadableImage(header: ImageHeader | undefined): string | undefined {
	if (!header)
		return `is not a ${acceptedTypes('or')} image (its bytes say so, whatever its label)`;
	if (
		isAcceptedType(header.mimeType) &&
		(header.width === undefined || header.height === undefined)
	)
		return `is a ${header.mimeType} whose header gives no width and height (a cut or damaged file)`;
	return undefined;
}

/** Why an image of this pixel size may not go to a model with these limits (sides, aspect ratio). */
export function checkPixels(
	width: number,
	height: number,
	{ side, ratio }: Pick<InputImageRule, 'side' | 'ratio'>,
): string | undefined {
	if (!inRange(width, side) || !inRange(height, side)) {
		return `is ${width}×${height} pixels; the model takes images of ${side[0]} to ${side[1]} pixels per side`;
	}
	if (ratio && !inRange(width / height, ratio)) {
		return `is ${width}×${height} pixels; the model takes aspect ratios ${rangeText(ratio)}`;
	}
	return undefined;
}

/** Decoded size of a Base64 string, without decoding it. */
const base64Bytes = (data: string) => {
	const clean = data.replace(/\s+/g, '');
	return (
		Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0)
	);
};

/** The image's source, type and bytes (its pixels: `checkImagePixels`). */
export function checkImage(image: ImageInput, model: ModelRule): Problem | undefined {
	const parameter = image.label;
	const value = image.value.trim();
	const limits = model.inputImage;
	if (value === '')
		return { parameter, message: 'is empty: give an image URL or remove the entry' };
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
		if (!isAcceptedType(mimeType)) return { parameter, message: wrongType(mimeType) };
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

/** The image's pixels, when its header was read (binary and Base64 input). */
export function checkImagePixels(image: ImageInput, model: ModelRule): Problem | undefined {
	if (image.width === undefined || image.height === undefined) return undefined;
	const message = checkPixels(image.width, image.height, model.inputImage);
	return message ? { parameter: image.label, message } : undefined;
}
