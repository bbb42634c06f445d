/**
 * One item's generation request in the router's two steps: its parameters are read into a
 * GenerateInput (reference images resolved by referenceImages.ts) and checked when the item is
 * prepared, nothing sent; the request is built when its turn comes. Binary reference images are
 * read again then, so prepared items do not hold their Base64 (memory stays flat in the number of
 * items), and images too large to travel inline are uploaded then (api/imageTransfer.ts).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { wholeNumberOrRaw } from '../../api/values';
import type { GenerateInput, ImageInput } from '../../api/generateInput';
import type { Mode, ModelRule } from '../../api/modelRule';
import { CUSTOM_MODEL, DEFAULT_MODEL, modelRule } from '../../api/models';
import { imagesToUpload } from '../../api/imageTransfer';
import { planGenerate, type Endpoint, type RequestPlan } from '../../api/plan';
import { validateGenerateInput } from '../../api/validate';
import type { DashScopeClient } from '../../transport/client';

import { inputError, readJson, readList, readSharedOptions, readText } from '../parameters';
import {
	imagesToSend,
	resolveImage,
	withoutBinaryImages,
	type ImageEntry,
} from './referenceImages';

/** The model id of an item: version 1's text field, or version 2's list (or its custom id). */
function readModelId(ctx: IExecuteFunctions, itemIndex: number): string {
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

async function readGenerateInput(
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
	const entries = readList<ImageEntry>(
		ctx,
		itemIndex,
		'referenceImages.images',
		'Reference Images',
		'images',
	);
	const images: ImageInput[] = [];
	for (const [index, entry] of entries.entries()) {
		images.push(await resolveImage(ctx, itemIndex, entry ?? {}, index + 1));
	}

	const input: GenerateInput = {
		model,
		mode,
		prompt: readText(ctx, itemIndex, 'prompt', 'Prompt', ''),
		images,
		size: requestedSize,
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
	Object.assign(input, readSharedOptions(ctx, itemIndex, options));
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
	if (problem) {
		// A problem of one reference image ("Reference Image 2 (Base64)") is in the Reference Images field.
		const ofImage = images.some((image) => image.label === problem.parameter);
		const field = ofImage ? 'Reference Images' : problem.parameter;
		throw inputError(ctx, itemIndex, problem.parameter, problem.message, field);
	}
	return input;
}

/** Builds the checked item's request, its binary images read again or uploaded. */
type PreparedRequest = () => Promise<{ input: GenerateInput; plan: RequestPlan }>;

export async function prepareRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: Endpoint,
	client: DashScopeClient,
): Promise<PreparedRequest> {
	const checked = await readGenerateInput(ctx, itemIndex);
	const uploads = imagesToUpload(checked);
	const prepared = withoutBinaryImages(checked);
	return async () => {
		const input = await imagesToSend(ctx, client, itemIndex, prepared, uploads);
		return { input, plan: planGenerate(input, endpoint) };
	};
}
