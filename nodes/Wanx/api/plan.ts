/**
 * Node parameters → the HTTP request DashScope expects (dashscope-api.md §1.2, §2, §4.4).
 * Pure: the operations send what this returns, nothing else.
 */
import type { ContentItem, GenerationParameters, GenerationRequest } from './types';
import { parseSize, type GenerateInput } from './validate';

export const PATHS = {
	sync: '/api/v1/services/aigc/multimodal-generation/generation',
	async: '/api/v1/services/aigc/image-generation/generation',
	task: (taskId: string) => `/api/v1/tasks/${encodeURIComponent(taskId)}`,
	cancel: (taskId: string) => `/api/v1/tasks/${encodeURIComponent(taskId)}/cancel`,
} as const;

export type Endpoint = 'sync' | 'async';

export interface RequestPlan {
	method: 'POST';
	path: string;
	headers: Record<string, string>;
	body: GenerationRequest;
	/** True when the response is an SSE stream (sync + interleave). */
	stream: boolean;
}

export function planGenerate(input: GenerateInput, endpoint: Endpoint): RequestPlan {
	const interleave = input.mode === 'interleave';
	const stream = endpoint === 'sync' && interleave;

	// The docs put the text first; image order is what "image 1/image 2" in the prompt refers to.
	const content: ContentItem[] = [{ text: input.prompt }, ...input.images.map((image) => ({ image: image.value.trim() }))];

	const parameters: GenerationParameters = { enable_interleave: interleave };
	if (interleave) {
		// n must stay 1 in interleave mode (the API default); the image count is max_images.
		parameters.max_images = input.maxImages;
	} else {
		// Always sent: the API defaults to 4 billed images.
		parameters.n = input.n;
		if (input.promptExtend !== undefined) parameters.prompt_extend = input.promptExtend;
	}
	if (input.size !== 'auto' && input.size !== '') {
		parameters.size = parseSize(input.size)?.normalized ?? input.size;
	}
	if (input.negativePrompt) parameters.negative_prompt = input.negativePrompt;
	if (input.watermark !== undefined) parameters.watermark = input.watermark;
	if (input.seed !== undefined) parameters.seed = input.seed;
	if (stream) parameters.stream = true;

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
		method: 'POST',
		path: PATHS[endpoint],
		headers,
		body: {
			model: input.model.trim(),
			input: { messages: [{ role: 'user', content }] },
			parameters,
		},
		stream,
	};
}
