/**
 * The bodies DashScope takes and answers for the Wan image models (docs/dashscope-notes.md §1–§5),
 * written once; per-model rules live in models.ts. Pure types: no n8n runtime imports.
 */

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
