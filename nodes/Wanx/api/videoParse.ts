/**
 * A video task answer (`GET /tasks/{id}` or the create answer) → VideoResult
 * (docs/dashscope-notes.md §9.7). Pure. The usage fields differ per model generation: wan2.6 and
 * later answer `duration` (billed: input plus output video) with `input_video_duration`,
 * `output_video_duration`, `SR` and `size` or `ratio`; older models `video_duration` and
 * `video_ratio`.
 */
import type { VideoResult, VideoUsage } from './videoTypes';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const seconds = (value: unknown) => {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
};

/** Output seconds, billed seconds and the output's resolution, from whichever fields came. */
function fromUsage(
	usage: VideoUsage,
): Pick<VideoResult, 'duration' | 'billedSeconds' | 'resolution' | 'ratio'> {
	const fields: Pick<VideoResult, 'duration' | 'billedSeconds' | 'resolution' | 'ratio'> = {};
	const output = seconds(usage.output_video_duration) ?? seconds(usage.video_duration);
	const input = seconds(usage.input_video_duration) ?? 0;
	const total = seconds(usage.duration);
	const duration = output ?? (total !== undefined ? total - input : undefined);
	if (duration !== undefined) fields.duration = duration;
	const billed = total ?? (output !== undefined ? output + input : undefined);
	if (billed !== undefined) fields.billedSeconds = billed;
	const sr = usage.SR;
	if (typeof sr === 'number' || (typeof sr === 'string' && sr !== ''))
		fields.resolution = /p$/i.test(String(sr)) ? String(sr).toUpperCase() : `${sr}P`;
	else if (text(usage.size)) fields.resolution = usage.size;
	const ratio = text(usage.ratio) ?? text(usage.video_ratio);
	if (ratio) fields.ratio = ratio;
	return fields;
}

/** Reads any video task answer; fields it lacks are left out. */
export function parseVideoTask(response: unknown): VideoResult {
	const body = (response && typeof response === 'object' ? response : {}) as Record<
		string,
		unknown
	>;
	const output = (body.output && typeof body.output === 'object' ? body.output : {}) as Record<
		string,
		unknown
	>;
	const result: VideoResult = {};
	const assign = (key: keyof VideoResult, value: unknown) => {
		const known = text(value);
		if (known !== undefined) (result as Record<string, unknown>)[key] = known;
	};
	assign('taskId', output.task_id);
	assign('taskStatus', output.task_status);
	assign('submitTime', output.submit_time);
	assign('scheduledTime', output.scheduled_time);
	assign('endTime', output.end_time);
	assign('requestId', body.request_id);
	assign('videoUrl', output.video_url);
	assign('origPrompt', output.orig_prompt);
	assign('actualPrompt', output.actual_prompt);
	// A failed task carries code and message in `output`; some pages show them at the top (§5.1).
	assign('code', output.code ?? body.code);
	assign('message', output.message ?? body.message);
	if (body.usage && typeof body.usage === 'object') {
		const usage = body.usage as VideoUsage;
		result.usage = usage;
		Object.assign(result, fromUsage(usage));
	}
	return result;
}
