/**
 * The video model table's rules applied to one item before anything is sent
 * (docs/dashscope-notes.md §9). Pure: returns the first problem, naming the panel parameter.
 */
import { videoModelRule } from './videoModels';
import type {
	MediaLimits,
	MediaRoleRule,
	Range,
	VideoChoice,
	VideoInput,
	VideoInputError,
	VideoMediaItem,
	VideoModeRule,
	VideoModelRule,
	VideoParameter,
} from './videoTypes';

export const SEED_RANGE: Range = [0, 2147483647];

/** The panel's name of each optional parameter, as errors name it. */
export const VIDEO_PARAMETER_LABELS: Record<VideoParameter, string> = {
	negativePrompt: 'Negative Prompt',
	promptExtend: 'Prompt Extend',
	seed: 'Seed',
	watermark: 'Watermark',
	shotType: 'Shot Type',
	audio: 'Generate Audio',
	audioSetting: 'Audio Setting',
};

/** Characters as the API counts them: one per code point. */
const chars = (text: string) => Array.from(text).length;
const isWhole = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value);
const within = (value: number, [min, max]: Range) => value >= min && value <= max;
const show = (value: unknown) =>
	typeof value === 'string' ? `"${value.slice(0, 60)}"` : String(JSON.stringify(value));
const ratioText = (ratio: number) => (ratio >= 1 ? `${ratio}:1` : `1:${Math.round(1 / ratio)}`);
const MB = 1024 * 1024;

const problem = (parameter: string, message: string): VideoInputError => ({ parameter, message });

/** Whether a media value is a form the API takes for this role. */
function checkUrl(item: VideoMediaItem, rule: MediaRoleRule): string | undefined {
	const url = item.url.trim();
	if (/^https?:\/\/\S+$/i.test(url) || /^oss:\/\/\S+$/.test(url)) return undefined;
	if (url.startsWith('data:')) {
		if (!rule.dataUri)
			return 'is a data URI; this input takes a URL (binary data goes through the temporary upload)';
		const match = /^data:([\w.+-]+\/[\w.+-]+);base64,/.exec(url);
		if (!match) return 'is not a base64 data URI (data:<type>;base64,…)';
		if (!rule.limits.mimeTypes.includes(match[1].toLowerCase()))
			return `is ${match[1]}; it takes ${rule.limits.mimeTypes.join(', ')}`;
		return undefined;
	}
	return `must be an http(s):// or oss:// URL${rule.dataUri ? ' or a data URI' : ''}; got ${show(url)}`;
}

/** The facts the node read from the bytes, against the role's documented limits. */
function checkFacts(item: VideoMediaItem, limits: MediaLimits): string | undefined {
	const facts = item.facts;
	if (!facts) return undefined;
	if (facts.mimeType !== undefined && !limits.mimeTypes.includes(facts.mimeType))
		return `is ${facts.mimeType}; it takes ${limits.mimeTypes.join(', ')}`;
	if (facts.bytes !== undefined && facts.bytes > limits.maxBytes)
		return `is ${(facts.bytes / MB).toFixed(1)} MB; it takes up to ${limits.maxBytes / MB} MB`;
	const { width, height } = facts;
	if (limits.side && width !== undefined && height !== undefined) {
		if (!within(width, limits.side) || !within(height, limits.side))
			return `is ${width}×${height} px; each side must be ${limits.side[0]} to ${limits.side[1]} px`;
		if (limits.ratio && !within(width / height, limits.ratio))
			return `is ${width}×${height} px; the ratio must be ${ratioText(limits.ratio[0])} to ${ratioText(limits.ratio[1])}`;
	}
	if (limits.seconds && facts.seconds !== undefined && !within(facts.seconds, limits.seconds))
		return `lasts ${facts.seconds.toFixed(1)} s; it must last ${limits.seconds[0]} to ${limits.seconds[1]} s`;
	return undefined;
}

function checkMedia(
	input: VideoInput,
	model: VideoModelRule,
	mode: VideoModeRule,
): VideoInputError | undefined {
	for (const [index, item] of input.media.entries()) {
		const rule = mode.roles.find((known) => known.role === item.role);
		const where = `Media (input ${index + 1})`;
		if (!rule) {
			const offered = mode.roles.map((known) => known.role).join(', ') || 'none';
			return problem(
				where,
				`${item.role} is not taken by ${model.id} (${mode.label}); it takes ${offered}`,
			);
		}
		const message = checkUrl(item, rule) ?? checkFacts(item, rule.limits);
		if (message) return problem(where, `${rule.label} ${message}`);
	}
	for (const rule of mode.roles) {
		const count = input.media.filter((item) => item.role === rule.role).length;
		if (!within(count, rule.count)) {
			const [min, max] = rule.count;
			const wanted = min === max ? `${min}` : `${min} to ${max}`;
			return problem(
				'Media',
				`has ${count} × ${rule.label}; ${model.id} (${mode.label}) takes ${wanted}`,
			);
		}
	}
	if (mode.references) {
		const count = input.media.filter((item) => item.role.startsWith('reference_')).length;
		if (!within(count, mode.references)) {
			return problem(
				'Media',
				`has ${count} reference images and videos; ${model.id} takes ${mode.references[0]} to ${mode.references[1]} in all`,
			);
		}
	}
	return undefined;
}

function checkDuration(input: VideoInput, mode: VideoModeRule): VideoInputError | undefined {
	const rule = mode.duration;
	const value = input.duration;
	if (value === undefined) return undefined;
	if (rule.fixed) {
		return value === rule.apiDefault
			? undefined
			: problem('Duration', `is fixed at ${rule.apiDefault} s for this model; got ${show(value)}`);
	}
	if (!isWhole(value)) return problem('Duration', `must be whole seconds; got ${show(value)}`);
	if (rule.zeroKeepsSource && value === 0) return undefined;
	const withVideo = input.media.some((item) => item.role === 'reference_video');
	const range = withVideo && rule.withReferenceVideo ? rule.withReferenceVideo : rule.range;
	if (range && !within(value, range)) {
		const why = withVideo && rule.withReferenceVideo ? ' with a reference video' : '';
		const zero = rule.zeroKeepsSource ? ' (or 0: the source video’s length)' : '';
		return problem('Duration', `must be ${range[0]} to ${range[1]} s${why}${zero}; got ${value}`);
	}
	if (rule.values && !rule.values.includes(value))
		return problem('Duration', `must be one of ${rule.values.join(', ')} s; got ${value}`);
	return undefined;
}

/** A choice field: refused where the mode has none, else one of its values. */
function checkChoice(
	label: string,
	value: string | undefined,
	rule: VideoChoice | undefined,
	modelId: string,
): VideoInputError | undefined {
	if (value === undefined) return undefined;
	if (!rule) return problem(label, `is not taken by ${modelId} in this mode; remove it`);
	if (!rule.values.includes(value))
		return problem(label, `must be one of ${rule.values.join(', ')}; got ${show(value)}`);
	return undefined;
}

function checkOptions(
	input: VideoInput,
	model: VideoModelRule,
	mode: VideoModeRule,
): VideoInputError | undefined {
	for (const name of Object.keys(VIDEO_PARAMETER_LABELS) as VideoParameter[]) {
		if (input[name] !== undefined && !mode.takes.includes(name))
			return problem(
				VIDEO_PARAMETER_LABELS[name],
				`is not taken by ${model.id} (${mode.label}); remove it (it would be ignored)`,
			);
	}
	for (const name of ['promptExtend', 'watermark', 'audio'] as const) {
		if (input[name] !== undefined && typeof input[name] !== 'boolean')
			return problem(
				VIDEO_PARAMETER_LABELS[name],
				`must be true or false; got ${show(input[name])}`,
			);
	}
	if (input.seed !== undefined && (!isWhole(input.seed) || !within(input.seed, SEED_RANGE)))
		return problem('Seed', `must be a whole number from 0 to 2147483647; got ${show(input.seed)}`);
	if (input.negativePrompt !== undefined && chars(input.negativePrompt) > model.negativePromptChars)
		return problem(
			'Negative Prompt',
			`has ${chars(input.negativePrompt)} characters; the API allows ${model.negativePromptChars}`,
		);
	// With a first frame the output takes its aspect ratio: a ratio set too would be ignored.
	if (
		input.ratio !== undefined &&
		mode.ratio &&
		input.media.some((item) => item.role === 'first_frame')
	)
		return problem('Aspect Ratio', 'is taken from the first frame when one is given; remove it');
	// shot_type acts only with prompt rewriting on (its default): "multi" without it is ignored.
	if (input.shotType === 'multi' && input.promptExtend === false)
		return problem('Shot Type', 'multi needs Prompt Extend on; the API ignores it otherwise');
	return (
		checkChoice('Resolution', input.resolution, mode.resolution, model.id) ??
		checkChoice('Size', input.size, mode.size, model.id) ??
		checkChoice('Aspect Ratio', input.ratio, mode.ratio, model.id) ??
		checkChoice('Shot Type', input.shotType, mode.shotType, model.id) ??
		checkChoice('Audio Setting', input.audioSetting, mode.audioSetting, model.id)
	);
}

/** The first rule the input breaks, or undefined when it may be sent. */
export function validateVideoInput(input: VideoInput): VideoInputError | undefined {
	const model = videoModelRule(input.model);
	if (!model) return problem('Model', `${show(input.model)} is not a Wan video model of this node`);
	const mode = model.modes[input.mode];
	if (!mode) {
		const offered = Object.values(model.modes).map((rule) => rule!.label);
		return problem(
			'Mode',
			`${show(input.mode)} is not a mode of ${model.id}; it offers ${offered.join(', ')}`,
		);
	}
	const prompt = input.prompt ?? '';
	if (typeof prompt !== 'string') return problem('Prompt', `must be text; got ${show(prompt)}`);
	if (prompt.trim() === '' && !mode.promptOptional)
		return problem('Prompt', 'is empty: describe the video you want');
	if (chars(prompt) > model.promptChars)
		return problem(
			'Prompt',
			`has ${chars(prompt)} characters; ${model.id} takes ${model.promptChars} and would cut the rest silently`,
		);
	return (
		checkOptions(input, model, mode) ?? checkMedia(input, model, mode) ?? checkDuration(input, mode)
	);
}
