/**
 * The node's reading of an item (VideoParams) → the video API layer's input, its validation and
 * its request plan.
 */
import type { VideoParams } from './input';

export interface VideoProblem {
	parameter: string;
	message: string;
}

export function validateVideo(params: VideoParams): VideoProblem | undefined {
	return params.prompt === undefined ? { parameter: 'Prompt', message: 'is missing' } : undefined;
}

export function planVideo(params: VideoParams): {
	path: string;
	body: object;
	needsOssResolve: boolean;
} {
	throw new Error(`no video plan for ${params.model}`);
}
