/**
 * A finished video task → the node's output fields. The reading of DashScope's video task output
 * (video_url, orig_prompt, actual_prompt, usage) is the video API layer's; this adds the node's
 * names for the task's ids and times, shared with the image output.
 */
import { taskFields } from '../../api/parse';
import type { TaskResponse } from '../../api/types';
import type { VideoOutput } from './output';

/** Whether a task answer is a video task's (it carries `video_url`, not `choices`). */
export function isVideoTask(response: TaskResponse): boolean {
	const output = response.output as { video_url?: unknown } | undefined;
	return typeof output?.video_url === 'string';
}

export function parseVideoOutput(
	response: TaskResponse,
	known: { model?: string; mode?: string } = {},
): VideoOutput & { createRequestId?: string } {
	const output = (response.output ?? {}) as TaskResponse['output'] & {
		video_url?: string;
		orig_prompt?: string;
		actual_prompt?: string;
	};
	const usage = (response.usage ?? {}) as Record<string, unknown>;
	const result: VideoOutput = {};
	if (known.model) result.model = known.model;
	if (known.mode) result.mode = known.mode;
	if (output.video_url) result.videoUrl = output.video_url;
	const duration = usage.output_video_duration ?? usage.duration;
	if (typeof duration === 'number') result.duration = duration;
	const resolution = usage.resolution ?? usage.SR;
	if (resolution !== undefined) result.resolution = String(resolution);
	if (typeof usage.size === 'string') result.size = usage.size;
	if (typeof usage.ratio === 'string') result.ratio = usage.ratio;
	if (output.orig_prompt !== undefined) result.origPrompt = output.orig_prompt;
	if (output.actual_prompt !== undefined) result.actualPrompt = output.actual_prompt;
	if (response.usage) result.usage = usage as VideoOutput['usage'];
	if (response.request_id) result.requestId = response.request_id;
	Object.assign(result, taskFields(output));
	return result;
}
