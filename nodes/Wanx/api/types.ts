/**
 * The DashScope contract for the Wan image models, written once (see docs/dashscope-notes.md;
 * per-model rules live in models.ts).
 * Pure types: no n8n runtime imports.
 */

/**
 * How a model is asked: editing (wan2.6-image; wan2.7 "generate or edit"), interleaved text and
 * images (wan2.6-image), image sets (`enable_sequential`, wan2.7), text-to-image (wan2.6-t2i).
 */
export type Mode = 'edit' | 'interleave' | 'sequential' | 'textToImage';

export type TaskStatus =
	| 'PENDING'
	| 'RUNNING'
	| 'SUSPENDED'
	| 'SUCCEEDED'
	| 'FAILED'
	| 'CANCELED'
	| 'UNKNOWN';

export const FINAL_TASK_STATUSES: readonly TaskStatus[] = [
	'SUCCEEDED',
	'FAILED',
	'CANCELED',
	'UNKNOWN',
];

// ---- request ---------------------------------------------------------------------------------

export type ContentItem = { text: string } | { image: string };

export interface GenerationParameters {
	/** wan2.6-image only: selects its mode. */
	enable_interleave?: boolean;
	/** wan2.7 image sets. */
	enable_sequential?: boolean;
	n?: number;
	max_images?: number;
	size?: string;
	negative_prompt?: string;
	prompt_extend?: boolean;
	watermark?: boolean;
	seed?: number;
	thinking_mode?: boolean;
	bbox_list?: number[][][];
	color_palette?: Array<{ hex: string; ratio: string }>;
	/** Sync interleave only: must go together with the `X-DashScope-Sse: enable` header. */
	stream?: boolean;
}

export interface GenerationRequest {
	model: string;
	input: { messages: Array<{ role: 'user'; content: ContentItem[] }> };
	parameters: GenerationParameters;
}

// ---- responses -------------------------------------------------------------------------------

export type ResponseContent = { type?: 'text'; text: string } | { type?: 'image'; image: string };

export interface Choice {
	finish_reason?: string;
	message?: { role?: string; content?: ResponseContent[] };
}

export interface Usage {
	image_count?: number;
	size?: string;
	input_tokens?: number;
	output_tokens?: number;
	total_tokens?: number;
}

/** Sync JSON response, or one SSE `data:` payload. */
export interface GenerationResponse {
	request_id?: string;
	output?: { choices?: Choice[]; finished?: boolean };
	usage?: Usage;
}

export interface TaskOutput {
	task_id?: string;
	task_status?: TaskStatus;
	submit_time?: string;
	scheduled_time?: string;
	end_time?: string;
	finished?: boolean;
	choices?: Choice[];
	code?: string;
	message?: string;
}

/** Async create response and `GET /tasks/{id}` response. */
export interface TaskResponse {
	request_id?: string;
	output?: TaskOutput;
	usage?: Usage;
	/** Some failures put these at the top level instead of inside `output`. */
	code?: string;
	message?: string;
}

/** Non-2xx body (and SSE `event:error` payload). */
export interface ErrorBody {
	code?: string;
	message?: string;
	request_id?: string;
	type?: string;
}

// ---- the node's output shape -----------------------------------------------------------------

export type Part = { type: 'text'; text: string } | { type: 'image'; url: string };

export interface GenerationResult {
	/** Unknown when a task is read by id: the task does not say which model made it. */
	model?: string;
	/** False for a model id the node has no rules for: only the common rules were checked. */
	rulesChecked?: false;
	mode: Mode;
	images: string[];
	text?: string;
	parts?: Part[];
	usage?: Usage;
	requestId?: string;
	taskId?: string;
	taskStatus?: TaskStatus;
	submitTime?: string;
	scheduledTime?: string;
	endTime?: string;
}
