/**
 * Reference images from a URL, Base64 or the item's binary data; binary images can be dropped
 * while other items are prepared and read again to send, inline or through the temporary upload.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { asText } from '../../api/values';
import type { GenerateInput, ImageInput } from '../../api/generateInput';
import { readImageHeader } from '../../api/imageBytes';
import {
	dataUri,
	fileExtension,
	isBase64 as isBase64Text,
	splitDataUri,
} from '../../api/mediaKind';
import {
	acceptedTypes,
	isAcceptedType,
	unreadableImage,
	wrongType,
} from '../../api/referenceImage';
import type { DashScopeClient } from '../../transport/client';
import { uploadTemporaryFile } from '../../transport/upload';

import { inputError } from '../parameters';

export interface ImageEntry {
	source?: unknown;
	url?: unknown;
	binaryPropertyName?: unknown;
	base64?: unknown;
}

/** Images read from the item's binary data, by the binary property they came from. */
const fromBinary = new WeakMap<ImageInput, string>();

/**
 * One Reference Images entry as an image. Bytes that are no readable image fail here; the type,
 * bytes and pixel size read from them are checked with the item (api/validate.ts).
 */
export async function resolveImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: ImageEntry,
	position: number,
): Promise<ImageInput> {
	const label = `Reference Image ${position}`;
	const fail = (message: string) => inputError(ctx, itemIndex, label, message, 'Reference Images');
	const text = (value: unknown, what: string) => {
		const coerced = asText(value);
		if (!coerced.ok) throw fail(`(${what}) ${coerced.message}`);
		return coerced.value.trim();
	};
	/** The bytes decide the type and the pixel size; the label only names them. */
	const fromBytes = (buffer: Buffer, where: string, declared?: string): ImageInput => {
		// Empty first: no bytes say nothing about the type, and "not an image" would mislead.
		if (buffer.length === 0) throw fail(`${where} is empty (0 bytes)`);
		const header = readImageHeader(buffer);
		if (!header && declared) {
			throw fail(`${where} has type ${declared}; its bytes are not a ${acceptedTypes('or')} image`);
		}
		const unreadable = unreadableImage(header);
		if (unreadable || !header) throw fail(`${where} ${unreadable}`);
		return {
			label: `${label} ${where}`,
			value: dataUri(header.mimeType, buffer),
			mimeType: header.mimeType,
			byteLength: buffer.length,
			...(header.width !== undefined ? { width: header.width, height: header.height } : {}),
		};
	};

	if (entry.source === 'binary') {
		const property = text(entry.binaryPropertyName ?? 'data', 'binary property name') || 'data';
		const where = `(binary property '${property}')`;
		const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
		if (!binary) {
			const present = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
			throw fail(
				`${where} is missing on this item${present.length ? `; it has: ${present.join(', ')}` : '; it has no binary data'}`,
			);
		}
		const declared = (binary.mimeType ?? '').toLowerCase();
		if (declared.startsWith('image/') && !isAcceptedType(declared)) {
			throw fail(`${where} ${wrongType(declared)}`);
		}
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		const image = fromBytes(buffer, where, declared || 'application/octet-stream');
		fromBinary.set(image, property);
		return image;
	}

	const isBase64 = entry.source === 'base64';
	const raw = isBase64 ? text(entry.base64, 'Base64') : text(entry.url, 'URL');
	if (raw === '' && !isBase64) throw fail('is empty: give an image URL or remove the entry');
	// A data URI typed into the URL field is Base64 as well: its bytes are checked the same way.
	if (isBase64 || /^data:/i.test(raw)) {
		const where = isBase64 ? '(Base64)' : '(data URI)';
		if (raw === '') throw fail(`${where} is empty`);
		const given = splitDataUri(raw);
		if (!isBase64 && !(given.isDataUri && given.base64)) {
			throw fail('is a data URI but not of the form data:<mime type>;base64,<data>');
		}
		const data = given.payload.replace(/\s+/g, '');
		if (!isBase64Text(data)) throw fail(`${where} is not valid Base64`);
		return fromBytes(Buffer.from(data, 'base64'), where, given.declaredType);
	}
	return { label, value: raw };
}

/**
 * The input without the Base64 of its binary images, to keep while other items are prepared:
 * every item is checked before the first request, and holding all their images at once would
 * multiply memory by the number of items. `withBinaryImages` reads them again to send.
 */
export function withoutBinaryImages(input: GenerateInput): GenerateInput {
	const images = input.images.map((image) => {
		const property = fromBinary.get(image);
		if (property === undefined) return image;
		const light = { ...image, value: '' };
		fromBinary.set(light, property);
		return light;
	});
	return { ...input, images };
}

/**
 * The input as it is sent: binary images read again, and each image that cannot travel inline
 * (imageTransfer.ts) uploaded to DashScope's temporary storage and given as its `oss://` URL (the
 * planner then adds the resolve header). Uploads are free and come before the item's slot.
 */
export async function imagesToSend(
	ctx: IExecuteFunctions,
	client: DashScopeClient,
	itemIndex: number,
	input: GenerateInput,
	uploads: ReadonlySet<number>,
): Promise<GenerateInput> {
	const images: ImageInput[] = [];
	for (const [index, image] of input.images.entries()) {
		const property = fromBinary.get(image);
		if (property === undefined && !uploads.has(index)) {
			images.push(image);
			continue;
		}
		const bytes =
			property === undefined
				? Buffer.from(image.value.slice(image.value.indexOf(',') + 1), 'base64')
				: await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		const value = uploads.has(index)
			? await uploadTemporaryFile(client, {
					itemIndex,
					model: input.model.trim(),
					bytes,
					mimeType: image.mimeType!,
					fileName: `wanx-item${itemIndex}-reference-${index + 1}.${fileExtension(image.mimeType!)}`,
					label: image.label,
				})
			: dataUri(image.mimeType!, bytes);
		images.push({ ...image, value });
	}
	return { ...input, images };
}
