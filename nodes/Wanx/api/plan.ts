/**
 * Node parameters → the HTTP request DashScope expects (docs/dashscope-notes.md §1.2, §2, §4.4, §8), from
 * the model table (models.ts).
 * Pure: the operations send what this returns, nothing else.
 */
import type { GenerateInput } from './generateInput';
import { modelRule } from './models';
import type { ModeRule, OptionalParameter } from './modelRule';
import { normalizeSize } from './outputSize';
import type { ContentItem, GenerationParameters, GenerationRequest } from './dashScopeBodies';

export const PATHS = {
	sync: '/api/v1/services/aigc/multimodal-generation/generation',
	async: '/api/v1/services/aigc/image-generation/generation',
	task: (taskId: string) => `/api/v1/tasks/${encodeURIComponent(taskId)}`,
	cancel: (taskId: string) => `/api/v1/tasks/${encodeURIComponent(taskId)}/cancel`,
} as const;

export type Endpoint = 'sync' | 'async';

export interface RequestPlan {
	/** The model id, which the account's submission gate counts by. */
	model: string;
	method: 'POST';
	path: string;
	headers: Record<string, string>;
	body: GenerationRequest;
	/** True when the response is an SSE stream (sync + a mode that streams: wan2.6 interleave). */
	stream: boolean;
}

/** The request parameters of a validated input, in one fixed wire order: the mode's switches first. */
function planParameters(
	input: GenerateInput,
	rule: ModeRule,
	stream: boolean,
): GenerationParameters {
	const takes = (parameter: OptionalParameter) => rule.takes.includes(parameter);
	const parameters: GenerationParameters = { ...rule.fixed };
	// Always sent: the APIs default to 4 (12 for image sets) billed images.
	if (rule.count.name === 'max_images') parameters.max_images = input.maxImages;
	else parameters.n = input.n;
	if (takes('promptExtend') && input.promptExtend !== undefined)
		parameters.prompt_extend = input.promptExtend;
	const size = normalizeSize(input.size);
	if (size !== 'auto' && size !== '') parameters.size = size;
	if (takes('negativePrompt') && input.negativePrompt)
		parameters.negative_prompt = input.negativePrompt;
	if (takes('watermark') && input.watermark !== undefined) parameters.watermark = input.watermark;
	if (takes('seed') && input.seed !== undefined) parameters.seed = input.seed;
	if (takes('thinkingMode') && input.thinkingMode !== undefined)
		parameters.thinking_mode = input.thinkingMode;
	if (takes('bboxList') && input.bboxList !== undefined) parameters.bbox_list = input.bboxList;
	if (takes('colorPalette') && input.colorPalette !== undefined) {
		// [I] ratios as percentage strings with two decimals, as in the 2.7 page's example ("23.51%").
		parameters.color_palette = input.colorPalette.map(({ hex, ratio }) => ({
			hex,
			ratio: `${ratio.toFixed(2)}%`,
		}));
	}
	if (stream) parameters.stream = true;
	return parameters;
}

/** The request for a validated input (validate.ts), as its model's row prescribes. */
export function planGenerate(input: GenerateInput, endpoint: Endpoint): RequestPlan {
	const model = modelRule(input.model);
	const rule = model.modes[input.mode];
	if (!rule) throw new Error(`${input.model} has no mode "${input.mode}"`);
	const stream = endpoint === 'sync' && rule.sync === 'sse';

	// The docs put the text first; image order is what "image 1/image 2" in the prompt refers to.
	const content: ContentItem[] = [
		{ text: input.prompt },
		...input.images.map((image) => ({ image: image.value.trim() })),
	];

	const headers: Record<string, string> = {};
	if (endpoint === 'async') headers['X-DashScope-Async'] = 'enable';
	if (stream) {
		headers['X-DashScope-Sse'] = 'enable';
		headers.Accept = 'text/event-stream';
		headers['X-Accel-Buffering'] = 'no';
	}
	if (input.images.some((image) => /^oss:\/\//i.test(image.value.trim()))) {
		headers['X-DashScope-OssResourceResolve'] = 'enable';
	}

	return {
		model: input.model.trim(),
		method: 'POST',
		path: PATHS[endpoint],
		headers,
		body: {
			model: input.model.trim(),
			input: { messages: [{ role: 'user', content }] },
			parameters: planParameters(input, rule, stream),
		},
		stream,
	};
}
