/**
 * The video API layer's validation and planning, as the operations call them (api/video*.ts).
 * Until that layer's validateVideoInput and planVideoRequest land, these hold the place and refuse
 * to plan, so nothing is sent.
 */
import type { VideoInput, VideoInputError, VideoRequestPlan } from '../../api/videoTypes';

export function validateVideoInput(input: VideoInput): VideoInputError | undefined {
	return input.model ? undefined : { parameter: 'Model', message: 'is empty' };
}

export function planVideoRequest(input: VideoInput): VideoRequestPlan {
	throw new Error(`The video request of ${input.model} cannot be planned yet`);
}
