/**
 * Reads the generation parameters of one item into a GenerateInput, resolving reference images
 * from URLs, Base64 or the item's binary data, and checks it before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sniffImageMimeType } from '../../api/images';
import { CUSTOM_MODEL, DEFAULT_MODEL, modelRule } from '../../api/models';
import type { Mode } from '../../api/types';
import { ACCEPTED_IMAGE_MIME_TYPES, normalizeSize, validateGenerateInput, type GenerateInput, type ImageInput } from '../../api/validate';

interface ImageEntry {
	source?: 'url' | 'binary' | 'base64';
	url?: string;
	binaryPropertyName?: string;
	base64?: string;
}

/** The model id of an item: version 1's text field, or version 2's list (or its custom id). */
export function readModelId(ctx: IExecuteFunctions, itemIndex: number): string {
	const model = String(ctx.getNodeParameter('model', itemIndex, DEFAULT_MODEL));
	return model === CUSTOM_MODEL ? String(ctx.getNodeParameter('customModel', itemIndex, '')) : model;
}

export async function readGenerateInput(ctx: IExecuteFunctions, itemIndex: number): Promise<GenerateInput> {
	const version1 = ctx.getNode().typeVersion < 2;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const size = ctx.getNodeParameter('size', itemIndex, 'auto') as string;
	const model = readModelId(ctx, itemIndex);
	const rule = modelRule(model);
	// A single-mode model (wan2.6-t2i) has no Mode field (one shown for a model chosen by expression
	// is another model's); version 1 defaulted to editing.
	const modes = Object.keys(rule.modes) as Mode[];
	const mode =
		modes.length === 1 ? modes[0] : (ctx.getNodeParameter('mode', itemIndex, version1 ? 'edit' : rule.defaultMode) as Mode);
	const countName = rule.modes[mode]?.count.name ?? 'n';
	const entries = (ctx.getNodeParameter('referenceImages.images', itemIndex, []) as ImageEntry[]) ?? [];

	const images: ImageInput[] = [];
	for (const [index, entry] of entries.entries()) {
		images.push(await resolveImage(ctx, itemIndex, entry, index + 1));
	}

	const input: GenerateInput = {
		model,
		mode,
		prompt: String(ctx.getNodeParameter('prompt', itemIndex, '')),
		images,
		size: normalizeSize(size === 'custom' ? String(ctx.getNodeParameter('customSize', itemIndex, '')) : size),
		n: countName === 'n' ? (ctx.getNodeParameter('n', itemIndex, 1) as number) : 1,
		// Version 1's Max Images defaulted to 5; version 2's count defaults bill one image.
		maxImages: countName === 'max_images' ? (ctx.getNodeParameter('maxImages', itemIndex, version1 ? 5 : 1) as number) : 5,
	};
	if (typeof options.negativePrompt === 'string' && options.negativePrompt !== '') {
		input.negativePrompt = options.negativePrompt;
	}
	if (typeof options.promptExtend === 'boolean') input.promptExtend = options.promptExtend;
	if (typeof options.watermark === 'boolean') input.watermark = options.watermark;
	if (options.seed !== undefined && options.seed !== '') input.seed = Number(options.seed);
	if (typeof options.thinkingMode === 'boolean') input.thinkingMode = options.thinkingMode;
	if (options.bboxList !== undefined && options.bboxList !== '') {
		input.bboxList = readJson(ctx, itemIndex, 'Bounding Boxes', options.bboxList) as number[][][];
	}
	const colors = (options.colorPalette as IDataObject | undefined)?.colors;
	if (Array.isArray(colors)) {
		input.colorPalette = (colors as IDataObject[]).map((color) => ({ hex: String(color.hex ?? ''), ratio: Number(color.ratio) }));
	}

	const problem = validateGenerateInput(input);
	if (problem) throw invalid(ctx, itemIndex, problem.parameter, problem.message);
	return input;
}

function invalid(ctx: IExecuteFunctions, itemIndex: number, parameter: string, message: string) {
	return new NodeOperationError(ctx.getNode(), `${parameter} ${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `Parameter "${parameter}" of item ${itemIndex}. Nothing was sent to DashScope.`,
	});
}

/** A JSON option: parsed when it arrives as text, as is when an expression made it an object. */
function readJson(ctx: IExecuteFunctions, itemIndex: number, parameter: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw invalid(ctx, itemIndex, parameter, `is not valid JSON: ${value.slice(0, 100)}`);
	}
}

async function resolveImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: ImageEntry,
	position: number,
): Promise<ImageInput> {
	const label = `Reference Image ${position}`;
	const fail = (message: string) =>
		new NodeOperationError(ctx.getNode(), `${label} ${message} [item ${itemIndex}]`, {
			itemIndex,
			description: `Parameter "Reference Images" of item ${itemIndex}. Nothing was sent to DashScope.`,
		});

	if (entry.source === 'binary') {
		const property = String(entry.binaryPropertyName ?? 'data').trim();
		const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
		if (!binary) {
			const present = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
			throw fail(
				`(binary property '${property}') is missing on this item${present.length ? `; it has: ${present.join(', ')}` : '; it has no binary data'}`,
			);
		}
		const declared = (binary.mimeType ?? '').toLowerCase();
		if (declared && declared.startsWith('image/') && !ACCEPTED_IMAGE_MIME_TYPES.includes(declared)) {
			throw fail(`(binary property '${property}') has type ${declared}; the API accepts JPEG, PNG, BMP and WEBP images`);
		}
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		const mimeType = sniffImageMimeType(buffer) ?? declared;
		return {
			label: `${label} (binary property '${property}')`,
			value: `data:${mimeType || 'application/octet-stream'};base64,${buffer.toString('base64')}`,
			mimeType: mimeType || 'application/octet-stream',
			byteLength: buffer.length,
		};
	}

	if (entry.source === 'base64') {
		const raw = String(entry.base64 ?? '').trim();
		if (raw === '') throw fail('(Base64) is empty');
		const match = /^data:([^;,]+);base64,(.*)$/is.exec(raw);
		const data = (match ? match[2] : raw).replace(/\s+/g, '');
		if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(data)) throw fail('(Base64) is not valid Base64');
		const buffer = Buffer.from(data, 'base64');
		const mimeType = match ? match[1].toLowerCase() : sniffImageMimeType(buffer);
		if (!mimeType) throw fail('(Base64) is not a JPEG, PNG, BMP or WEBP image');
		return {
			label: `${label} (Base64)`,
			value: `data:${mimeType};base64,${data}`,
			mimeType,
			byteLength: buffer.length,
		};
	}

	return { label, value: String(entry.url ?? '') };
}
