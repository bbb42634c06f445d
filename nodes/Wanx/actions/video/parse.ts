/**
 * A finished video task → the node's output fields: the video layer's reading of the task
 * (api/videoParse.ts: video_url, prompts, output and billed seconds, resolution, ids and times),
 * with the model and mode when this run made the task.
 */
import type { TaskResponse } from '../../api/dashScopeBodies';
import { parseVideoTask } from '../../api/videoParse';
import type { VideoOutput } from './output';

/** Whether a task answer is a video task's (it carries `video_url`, not `choices`). */
export function isVideoTask(response: TaskResponse): boolean {
	const output = response.output as { video_url?: unknown } | undefined;
	return typeof output?.video_url === 'string';
}

export function parseVideoOutput(
	response: TaskResponse,
	known: { model?: string; mode?: string } = {},
): VideoOutput {
	return { ...known, ...parseVideoTask(response) } as VideoOutput;
}
