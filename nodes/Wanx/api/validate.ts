/**
 * The documented request rules (docs/dashscope-notes.md §2, §8), checked before anything
 * is sent so that a doomed call costs nothing. The rules are the model table's (models.ts); this
 * file only applies them. Pure: returns the first problem found. The checks of one part stand
 * beside it: outputSize.ts (Size), referenceImage.ts, boxesAndPalette.ts.
 */
import { checkBoxes, checkPalette } from './boxesAndPalette';
import { describeValue } from './values';
import { PARAMETER_LABELS, type GenerateInput, type Problem } from './generateInput';
import { modelRule, otherModeWhere } from './models';
import { SEED_RANGE } from './models';
import type { OptionalParameter } from './modelRule';
import { checkSize } from './outputSize';
import { inRange, isInt, plural } from './values';
import { checkImage } from './referenceImage';

/** Characters as the API counts them: one per code point, not per UTF-16 unit. */
export const charCount = (text: string) => Array.from(text).length;

/** Optional parameters the user set, in the order they are checked. */
function parametersSet(input: GenerateInput): OptionalParameter[] {
	return (Object.keys(PARAMETER_LABELS) as OptionalParameter[]).filter(
		(key) => input[key] !== undefined,
	);
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
