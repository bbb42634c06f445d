/**
 * Reads the generation parameters of one item into a GenerateInput, resolving reference images
 * from URLs, Base64 or the item's binary data, and checks it before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText, describeValue, wholeNumberOrRaw } from '../../api/coerce';
import { checkImageHeader, readImageHeader, type ImageHeader } from '../../api/imageHeader';
import { checkRequestSize } from '../../api/requestSize';
import type { GenerateInput, ImageInput } from '../../api/generateInput';
import { inputImageRule, modelRule } from '../../api/modelLookup';
import { CUSTOM_MODEL, DEFAULT_MODEL } from '../../api/models';
import type { ModelRule } from '../../api/models.types';
import { normalizeSize } from '../../api/outputSize';
import { ACCEPTED_IMAGE_MIME_TYPES } from '../../api/referenceImage';
import type { Mode } from '../../api/types';
import { validateGenerateInput } from '../../api/validate';

interface ImageEntry {
	source?: unknown;
	url?: unknown;
	binaryPropertyName?: unknown;
	base64?: unknown;
}

/** The error for a parameter of one item: named, with the item, and saying nothing was sent. */
function inputError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	message: string,
	panelName = parameter,
) {
	return new NodeOperationError(ctx.getNode(), `${parameter} ${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `Parameter "${panelName}" of item ${itemIndex}. Nothing was sent to DashScope.`,
	});
}

/** A text parameter, or an error naming it when the expression gave nothing, null or an object. */
function readText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	parameter: string,
	fallback: string,
): string {
	const text = asText(ctx.getNodeParameter(name, itemIndex, fallback));
	if (!text.ok) throw inputError(ctx, itemIndex, parameter, text.message);
	return text.value;
}

/** The model id of an item: version 1's text field, or version 2's list (or its custom id). */
export function readModelId(ctx: IExecuteFunctions, itemIndex: number): string {
	const model = readText(ctx, itemIndex, 'model', 'Model', DEFAULT_MODEL);
	return model === CUSTOM_MODEL
		? readText(ctx, itemIndex, 'customModel', 'Custom Model ID', '')
		: model;
}

/**
 * The mode of an item. A single-mode model (wan2.6-t2i) has no Mode field (one shown for a model
 * chosen by expression is another model's); version 1 defaulted to editing. Mode shapes the panel
 * (which fields show), so n8n does not evaluate expressions in it: one arriving is named.
 */
function readMode(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rule: ModelRule,
	version1: boolean,
): Mode {
	const modes = Object.keys(rule.modes) as Mode[];
	if (modes.length === 1) return modes[0];
	const text = readText(
		ctx,
		itemIndex,
		'mode',
		'Mode',
		version1 ? 'edit' : rule.defaultMode,
	).trim();
	const mode = modes.find((known) => known === text);
	if (mode) return mode;
	const choices = modes.map((known) => `${known} (${rule.modes[known]!.label})`).join(', ');
	if (/^=?\s*\{\{/.test(text)) {
		throw inputError(
			ctx,
			itemIndex,
			'Mode',
			`is an expression (${text.slice(0, 60)}), which this field does not evaluate: choose one of ${choices}`,
		);
	}
	throw inputError(
		ctx,
		itemIndex,
		'Mode',
		`"${text.slice(0, 60)}" is not a mode of ${rule.checked ? rule.id : 'a custom model'}: use ${choices}`,
	);
}

export async function readGenerateInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<GenerateInput> {
	const version1 = ctx.getNode().typeVersion < 2;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const model = readModelId(ctx, itemIndex);
	const rule = modelRule(model);
	const mode = readMode(ctx, itemIndex, rule, version1);
	const countName = rule.modes[mode]?.count.name ?? 'n';
	const size = readText(ctx, itemIndex, 'size', 'Size', 'auto');
	let requestedSize = size;
	if (size.trim() === 'custom') {
		requestedSize = readText(ctx, itemIndex, 'customSize', 'Custom Size', '');
		if (requestedSize.trim() === '') {
			throw inputError(
				ctx,
				itemIndex,
				'Custom Size',
				'is empty: give width*height such as 1280*720, or choose a Size preset or Auto',
			);
		}
	}
	const rawEntries = ctx.getNodeParameter('referenceImages.images', itemIndex, []) ?? [];
	if (!Array.isArray(rawEntries)) {
		throw inputError(
			ctx,
			itemIndex,
			'Reference Images',
			`must be a list of images; got ${describeValue(rawEntries)}`,
		);
	}

	const images: ImageInput[] = [];
	const headers = new Map<ImageInput, ImageHeader | undefined>();
	for (const [index, entry] of (rawEntries as ImageEntry[]).entries()) {
		images.push(await resolveImage(ctx, itemIndex, entry ?? {}, index + 1, headers));
	}

	const input: GenerateInput = {
		model,
		mode,
		prompt: readText(ctx, itemIndex, 'prompt', 'Prompt', ''),
		images,
		size: normalizeSize(requestedSize),
		// Whole numbers given as text ("3" from a form or a sheet) count; other values reach the
		// range check unchanged, which names what arrived.
		n:
			countName === 'n' ? (wholeNumberOrRaw(ctx.getNodeParameter('n', itemIndex, 1)) as number) : 1,
		// Version 1's Max Images defaulted to 5; version 2's count defaults bill one image.
		maxImages:
			countName === 'max_images'
				? (wholeNumberOrRaw(
						ctx.getNodeParameter('maxImages', itemIndex, version1 ? 5 : 1),
					) as number)
				: 5,
	};
	if (options.negativePrompt !== undefined && options.negativePrompt !== '') {
		const negative = asText(options.negativePrompt);
		if (!negative.ok) throw inputError(ctx, itemIndex, 'Negative Prompt', negative.message);
		if (negative.value !== '') input.negativePrompt = negative.value;
	}
	if (typeof options.promptExtend === 'boolean') input.promptExtend = options.promptExtend;
	if (typeof options.watermark === 'boolean') input.watermark = options.watermark;
	if (options.seed !== undefined && options.seed !== '')
		input.seed = wholeNumberOrRaw(options.seed) as number;
	if (typeof options.thinkingMode === 'boolean') input.thinkingMode = options.thinkingMode;
	if (options.bboxList !== undefined && options.bboxList !== '') {
		input.bboxList = readJson(ctx, itemIndex, 'Bounding Boxes', options.bboxList) as number[][][];
	}
	const colors = (options.colorPalette as IDataObject | undefined)?.colors;
	if (Array.isArray(colors)) {
		input.colorPalette = (colors as IDataObject[]).map((color) => ({
			hex: String(color.hex ?? ''),
			ratio: Number(color.ratio),
		}));
	}

	const problem = validateGenerateInput(input);
	if (problem) throw inputError(ctx, itemIndex, problem.parameter, problem.message);
	// After the documented rules (count, type, bytes): the pixel size the bytes declare.
	for (const [image, header] of headers) {
		const sides = checkImageHeader(header, inputImageRule(model).side);
		if (sides) throw inputError(ctx, itemIndex, image.label, sides, 'Reference Images');
	}
	const tooLarge = checkRequestSize(input);
	if (tooLarge) throw inputError(ctx, itemIndex, 'Reference Images', `would ${tooLarge}`);
	return input;
}

/** Images read from the item's binary data, by the binary property they came from. */
const fromBinary = new WeakMap<ImageInput, string>();

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

/** The input with its binary images read again (they were checked when it was prepared). */
export async function withBinaryImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	input: GenerateInput,
): Promise<GenerateInput> {
	const images: ImageInput[] = [];
	for (const image of input.images) {
		const property = fromBinary.get(image);
		if (property === undefined) {
			images.push(image);
			continue;
		}
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		images.push({ ...image, value: `data:${image.mimeType};base64,${buffer.toString('base64')}` });
	}
	return { ...input, images };
}

/** A JSON option: parsed when it arrives as text, as is when an expression made it an object. */
function readJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	value: unknown,
): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw inputError(ctx, itemIndex, parameter, `is not valid JSON: ${value.slice(0, 100)}`);
	}
}

async function resolveImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: ImageEntry,
	position: number,
	headers: Map<ImageInput, ImageHeader | undefined>,
): Promise<ImageInput> {
	const label = `Reference Image ${position}`;
	const fail = (message: string) => inputError(ctx, itemIndex, label, message, 'Reference Images');
	const text = (value: unknown, what: string) => {
		const coerced = asText(value);
		if (!coerced.ok) throw fail(`(${what}) ${coerced.message}`);
		return coerced.value.trim();
	};
	/** The bytes decide the type and are checked for their pixel size; the label only names them. */
	const fromBytes = (buffer: Buffer, where: string, declared?: string): ImageInput => {
		const header = readImageHeader(buffer);
		if (!header && declared) {
			throw fail(`${where} has type ${declared}; its bytes are not a JPEG, PNG, BMP or WEBP image`);
		}
		if (buffer.length === 0) throw fail(`${where} is empty (0 bytes)`);
		if (!header) throw fail(`${where} ${checkImageHeader(header)}`);
		const image: ImageInput = {
			label: `${label} ${where}`,
			value: `data:${header.mimeType};base64,${buffer.toString('base64')}`,
			mimeType: header.mimeType,
			byteLength: buffer.length,
		};
		headers.set(image, header);
		return image;
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
		if (declared.startsWith('image/') && !ACCEPTED_IMAGE_MIME_TYPES.includes(declared)) {
			throw fail(`${where} has type ${declared}; the API accepts JPEG, PNG, BMP and WEBP images`);
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
		const match = /^data:([^;,]*)(;base64)?,(.*)$/is.exec(raw);
		if (!isBase64 && !match?.[2]) {
			throw fail('is a data URI but not of the form data:<mime type>;base64,<data>');
		}
		const data = (match ? match[3] : raw).replace(/\s+/g, '');
		if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(data)) throw fail(`${where} is not valid Base64`);
		return fromBytes(Buffer.from(data, 'base64'), where, match?.[1]?.toLowerCase());
	}
	return { label, value: raw };
}
