/**
 * The documented request rules (docs/dashscope-notes.md §2, §8), checked before anything is sent
 * so that a doomed call costs nothing: `validateGenerateInput` is the one gate an item passes
 * before spending. The rules are the model table's (models.ts); this file only applies them.
 * Pure: returns the first problem found. The checks of one part stand beside it: outputSize.ts
 * (Size), referenceImage.ts, boxesAndPalette.ts.
 */
import { checkBoxes, checkPalette } from './boxesAndPalette';
import { PARAMETER_LABELS, type GenerateInput, type Problem } from './generateInput';
import type { OptionalParameter, Range } from './modelRule';
import { modelRule, otherModeWhere, SEED_RANGE } from './models';
import { checkSize } from './outputSize';
import { checkImage, checkImagePixels } from './referenceImage';
import { describeValue, inRange, isInt, plural } from './values';

/** Characters as the API counts them: one per code point, not per UTF-16 unit. */
export const charCount = (text: string) => Array.from(text).length;

/** A whole number in its range, or the problem naming the parameter and what arrived. */
function checkWholeNumber(parameter: string, value: unknown, range: Range): Problem | undefined {
	if (isInt(value) && inRange(value, range)) return undefined;
	const upper = range[1] === Number.MAX_SAFE_INTEGER ? '' : ` to ${range[1]}`;
	return {
		parameter,
		message: `must be a whole number from ${range[0]}${upper}; got ${describeValue(value)}`,
	};
}

/** Optional parameters the user set, in the order they are checked. */
function parametersSet(input: GenerateInput): OptionalParameter[] {
	return (Object.keys(PARAMETER_LABELS) as OptionalParameter[]).filter(
		(key) => input[key] !== undefined,
	);
}

/** The first rule the input breaks, or undefined when it may be sent. */
export function validateGenerateInput(input: GenerateInput): Problem | undefined {
	const problem = checkParameters(input);
	if (problem) return problem;
	// After the parameters: the pixel size and ratio the images' headers declare. The body's size
	// is no rule: images too large to travel inline are uploaded (imageTransfer.ts).
	const model = modelRule(input.model);
	for (const image of input.images) {
		const pixels = checkImagePixels(image, model);
		if (pixels) return pixels;
	}
	return undefined;
}

function checkParameters(input: GenerateInput): Problem | undefined {
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
	const set = parametersSet(input);
	for (const parameter of set) {
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
	const countProblem =
		name === 'n'
			? checkWholeNumber('Number of Images', input.n, range)
			: checkWholeNumber('Max Images', input.maxImages, range);
	if (countProblem) return countProblem;
	const sizeProblem = checkSize(input.size, model, input.mode, rule, count === 0);
	if (sizeProblem) return sizeProblem;
	if (input.seed !== undefined) {
		const seedProblem = checkWholeNumber('Seed', input.seed, SEED_RANGE);
		if (seedProblem) return seedProblem;
	}
	// A parameter that acts on text-to-image only would be ignored with images.
	const textOnly = set.find((parameter) => rule.textOnlyTakes?.includes(parameter));
	if (textOnly && count > 0) {
		return {
			parameter: PARAMETER_LABELS[textOnly],
			message: `only applies to text-to-image (no reference images) on ${modelId}; got ${plural(count, 'reference image')}: remove it`,
		};
	}
	if (!model.checked) return undefined;
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
