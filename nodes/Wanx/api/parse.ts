/**
 * DashScope responses → the node's result (docs/dashscope-notes.md §3, §5), and whether a success
 * answer holds one. Pure.
 */
import {
	FINAL_TASK_STATUSES,
	type Choice,
	type ErrorBody,
	type GenerationResponse,
	type TaskResponse,
	type TaskStatus,
	type Usage,
} from './dashScopeBodies';
import type { Mode } from './modelRule';
import { modelRule } from './models';

/** One piece of a result, in the order the model gave them. */
export type Part = { type: 'text'; text: string } | { type: 'image'; url: string };

/** The node's output for one generation (or one task read by id). */
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

/**
 * Appends content items to ordered parts, merging consecutive text (SSE deltas arrive this way).
 * Items without `type` are told apart by their `text`/`image` key; empty deltas add nothing.
 */
export function appendParts(parts: Part[], choices: readonly unknown[] | undefined): void {
	for (const choice of choices ?? []) {
		const content = (choice as Choice | null)?.message?.content;
		for (const item of Array.isArray(content) ? (content as unknown[]) : []) {
			if (!item || typeof item !== 'object') continue;
			const { type, text, image } = item as { type?: unknown; text?: unknown; image?: unknown };
			if (
				type === 'image' ||
				(type === undefined && typeof image === 'string' && typeof text !== 'string')
			) {
				if (typeof image === 'string' && image !== '') parts.push({ type: 'image', url: image });
			} else if (typeof text === 'string' && text !== '') {
				const last = parts[parts.length - 1];
				if (last?.type === 'text') last.text += text;
				else parts.push({ type: 'text', text });
			}
		}
	}
}

/** The output fields every mode shares, from ordered parts. */
export function resultFromParts(
	model: string | undefined,
	mode: Mode,
	parts: Part[],
): GenerationResult {
	const images = parts.flatMap((part) => (part.type === 'image' ? [part.url] : []));
	const result: GenerationResult = model === undefined ? { mode, images } : { model, mode, images };
	// A model id without a row: say that only the common rules were checked.
	if (model !== undefined && !modelRule(model).checked) result.rulesChecked = false;
	if (mode === 'interleave') {
		result.text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n\n');
		result.parts = parts;
	}
	return result;
}

/** A sync (non-streaming) response or a SUCCEEDED task → result. Each image may be its own choice. */
export function parseGeneration(
	response: GenerationResponse | TaskResponse,
	model: string | undefined,
	mode: Mode = resultMode(response),
): GenerationResult {
	const parts: Part[] = [];
	appendParts(parts, response.output?.choices);
	const result = resultFromParts(model, mode, parts);
	if (response.usage) result.usage = response.usage;
	if (response.request_id) result.requestId = response.request_id;
	const output = response.output as TaskResponse['output'];
	if (output?.task_id) Object.assign(result, taskFields(output));
	return result;
}

/** The task's id, status and times, under the node's output names (only those it has). */
export function taskFields(output: NonNullable<TaskResponse['output']>) {
	const fields: Pick<
		GenerationResult,
		'taskId' | 'taskStatus' | 'submitTime' | 'scheduledTime' | 'endTime'
	> = {
		taskId: output.task_id,
		taskStatus: output.task_status,
	};
	if (output.submit_time) fields.submitTime = output.submit_time;
	if (output.scheduled_time) fields.scheduledTime = output.scheduled_time;
	if (output.end_time) fields.endTime = output.end_time;
	return fields;
}

/** Interleaved results carry text; editing results only images. */
function resultMode(response: GenerationResponse | TaskResponse): Mode {
	const choices = response.output?.choices ?? [];
	return choices.some((choice) => (choice.message?.content ?? []).some((item) => 'text' in item))
		? 'interleave'
		: 'edit';
}

export const isFinalStatus = (status: TaskStatus | undefined) =>
	status !== undefined && FINAL_TASK_STATUSES.includes(status);

/**
 * What a success answer without a result misses (a 200 with an HTML page or `{}`, a SUCCEEDED task
 * without images), or undefined when the result is there: such an answer is not a success.
 */
export function missingResult(body: unknown, result: GenerationResult): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		const text = typeof body === 'string' ? body.trim() : '';
		const looksHtml = /^<(!doctype|html)/i.test(text);
		return `the answer is unreadable: ${looksHtml ? 'an HTML page' : text ? 'not JSON' : 'empty'}${text ? ` (${text.slice(0, 120)})` : ''}`;
	}
	if (result.images.length > 0) return undefined;
	// Interleaved output may, in principle, be text only; editing always yields images.
	if (result.mode === 'interleave' && result.text) return undefined;
	return result.mode === 'interleave'
		? 'the answer holds neither text nor images'
		: 'the answer holds no images';
}

/** The task's code and message: in `output` per the task docs, at the top level per the wan2.6 page. */
export function taskError(response: TaskResponse): { code?: string; message?: string } {
	return {
		code: response.output?.code ?? response.code,
		message: response.output?.message ?? response.message,
	};
}

/** `{code, message, request_id}` from whatever a failed call returned (JSON, text, SSE error frame). */
export function errorBody(body: unknown): ErrorBody {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as ErrorBody;
	if (typeof body === 'string') {
		const text = body.trim();
		const data = /^data:(.*)$/m.exec(text)?.[1];
		for (const candidate of [text, data]) {
			if (!candidate) continue;
			try {
				const parsed = JSON.parse(candidate);
				if (parsed && typeof parsed === 'object') return parsed as ErrorBody;
			} catch {
				// not JSON: fall through to the raw text
			}
		}
		return text ? { message: text.slice(0, 500) } : {};
	}
	return {};
}

/** Task times are UTC+8 without a zone (§3.3); this turns them into epoch milliseconds. */
export function taskTimeToMs(time: string | undefined): number | undefined {
	if (!time) return undefined;
	const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(
		time.trim(),
	);
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s, ms] = match;
	return Date.UTC(
		Number(y),
		Number(mo) - 1,
		Number(d),
		Number(h) - 8,
		Number(mi),
		Number(s),
		Number((ms ?? '0').padEnd(3, '0')),
	);
}
