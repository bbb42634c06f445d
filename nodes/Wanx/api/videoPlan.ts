/**
 * A checked VideoInput → the create-task request of its model's protocol
 * (docs/dashscope-notes.md §9.2). Pure; only what the input sets is sent, so a parameter left out
 * takes the API's default. Run validateVideoInput first: this trusts the input.
 */
import { videoModelRule } from './videoModels';
import type { MediaRole, VideoInput, VideoModelRule, VideoRequestPlan } from './videoTypes';

/** The older protocols' field per role; references go to the `reference_urls` list. */
const LEGACY_FIELDS: Partial<Record<MediaRole, string>> = {
	first_frame: 'img_url',
	driving_audio: 'audio_url',
};
const KEYFRAME_FIELDS: Partial<Record<MediaRole, string>> = {
	first_frame: 'first_frame_url',
	last_frame: 'last_frame_url',
};

function planInput(input: VideoInput, model: VideoModelRule): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	const prompt = input.prompt ?? '';
	if (prompt.trim() !== '') body.prompt = prompt;
	if (input.negativePrompt !== undefined && input.negativePrompt !== '')
		body.negative_prompt = input.negativePrompt;
	const media = input.media.map((item) => ({ role: item.role, url: item.url.trim() }));
	if (model.protocol === 'media') {
		// wan2.7-t2v takes its audio as `audio_url` (it has no media list); the others a media list.
		const listed = media.filter((item) => {
			if (input.mode === 'textToVideo' && item.role === 'driving_audio') {
				body.audio_url = item.url;
				return false;
			}
			return true;
		});
		if (listed.length > 0) body.media = listed.map((item) => ({ type: item.role, url: item.url }));
		return body;
	}
	const fields = model.protocol === 'keyframes' ? KEYFRAME_FIELDS : LEGACY_FIELDS;
	const references: string[] = [];
	for (const item of media) {
		if (item.role === 'reference_image' || item.role === 'reference_video')
			references.push(item.url);
		else body[fields[item.role]!] = item.url;
	}
	if (references.length > 0) body.reference_urls = references;
	return body;
}

function planParameters(input: VideoInput): Record<string, unknown> {
	const parameters: Record<string, unknown> = {};
	const set = (name: string, value: unknown) => {
		if (value !== undefined) parameters[name] = value;
	};
	set('resolution', input.resolution);
	set('size', input.size);
	set('ratio', input.ratio);
	set('duration', input.duration);
	set('prompt_extend', input.promptExtend);
	set('shot_type', input.shotType);
	set('audio', input.audio);
	set('audio_setting', input.audioSetting);
	set('watermark', input.watermark);
	set('seed', input.seed);
	return parameters;
}

/** The request for a valid input: POST `/api/v1{path}` with `X-DashScope-Async: enable`. */
export function planVideoRequest(input: VideoInput): VideoRequestPlan {
	const model = videoModelRule(input.model);
	if (!model) throw new Error(`no video model ${input.model}: validate the input first`);
	const parameters = planParameters(input);
	// kf2v's length is fixed: `duration` is left to the API (§9.3).
	if (model.modes[input.mode]?.duration.fixed) delete parameters.duration;
	return {
		path: model.path,
		model: model.id,
		body: { model: model.id, input: planInput(input, model), parameters },
		needsOssResolve: input.media.some((item) => item.url.trim().startsWith('oss://')),
	};
}
