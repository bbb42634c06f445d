/**
 * Reads the generation parameters of one item into a GenerateInput, resolving reference images
 * from URLs, Base64 or the item's binary data, and checks it before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sniffImageMimeType } from '../../api/images';
import type { Mode } from '../../api/types';
import { ACCEPTED_IMAGE_MIME_TYPES, normalizeSize, validateGenerateInput, type GenerateInput, type ImageInput } from '../../api/validate';

interface ImageEntry {
	source?: 'url' | 'binary' | 'base64';
	url?: string;
	binaryPropertyName?: string;
	base64?: string;
}

export async function readGenerateInput(ctx: IExecuteFunctions, itemIndex: number): Promise<GenerateInput> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const size = ctx.getNodeParameter('size', itemIndex, 'auto') as string;
	const mode = ctx.getNodeParameter('mode', itemIndex, 'edit') as Mode;
	const entries = (ctx.getNodeParameter('referenceImages.images', itemIndex, []) as ImageEntry[]) ?? [];

	const images: ImageInput[] = [];
	for (const [index, entry] of entries.entries()) {
		images.push(await resolveImage(ctx, itemIndex, entry, index + 1));
	}

	const input: GenerateInput = {
		model: String(ctx.getNodeParameter('model', itemIndex, 'wan2.6-image')),
		mode,
		prompt: String(ctx.getNodeParameter('prompt', itemIndex, '')),
		images,
		size: normalizeSize(size === 'custom' ? String(ctx.getNodeParameter('customSize', itemIndex, '')) : size),
		n: mode === 'edit' ? (ctx.getNodeParameter('n', itemIndex, 1) as number) : 1,
		maxImages: mode === 'interleave' ? (ctx.getNodeParameter('maxImages', itemIndex, 5) as number) : 5,
	};
	if (typeof options.negativePrompt === 'string' && options.negativePrompt !== '') {
		input.negativePrompt = options.negativePrompt;
	}
	if (typeof options.promptExtend === 'boolean') input.promptExtend = options.promptExtend;
	if (typeof options.watermark === 'boolean') input.watermark = options.watermark;
	if (options.seed !== undefined && options.seed !== '') input.seed = Number(options.seed);

	const problem = validateGenerateInput(input);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `${problem.parameter} ${problem.message} [item ${itemIndex}]`, {
			itemIndex,
			description: `Parameter "${problem.parameter}" of item ${itemIndex}. Nothing was sent to DashScope.`,
		});
	}
	return input;
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
