/**
 * The Wan video model table: one row per model, every rule written once, each marked documented,
 * inferred or unclear. Sources and the reading behind each figure: docs/dashscope-notes.md §9.
 */
import {
	IMAGE_WAN27,
	AUDIO_WAN27,
	RATIOS,
	REFERENCE_VIDEO_WAN27,
	VIDEO_WAN27,
	choice,
	role,
} from './videoMedia';
import {
	DURATION_2_15,
	keyframes,
	wan26,
	wan26FirstFrame,
	wan26Reference,
	wan26TextToVideo,
	wan27,
	wan27Common,
} from './videoModelRows';
import type { VideoInput, VideoMode, VideoModelRule } from './videoTypes';

export { IMAGE2VIDEO_PATH, VIDEO_SYNTHESIS_PATH } from './videoModelRows';

/** Every video model, the panel's default first. */
export const VIDEO_MODELS: readonly VideoModelRule[] = [
	wan27(
		'wan2.7-i2v',
		'wan2.7-i2v (image to video)',
		{
			firstFrame: {
				...wan27Common,
				label: 'First Frame',
				help: 'Animates an image; optionally a last frame to end on and an audio track to follow',
				// The media carry the request; the prompt may be left out [3P mirrors of V6].
				promptOptional: true,
				roles: [
					role('first_frame', [1, 1], IMAGE_WAN27),
					role('last_frame', [0, 1], IMAGE_WAN27),
					role('driving_audio', [0, 1], AUDIO_WAN27),
				],
				duration: DURATION_2_15,
			},
			continuation: {
				...wan27Common,
				label: 'Continue a Clip',
				help: 'Continues a video clip (2–10 s); optionally a last frame to end on',
				promptOptional: true,
				roles: [role('first_clip', [1, 1], VIDEO_WAN27), role('last_frame', [0, 1], IMAGE_WAN27)],
				duration: DURATION_2_15,
			},
		},
		'firstFrame',
		'resolution and seconds',
		['V6', 'V10'],
	),
	wan27(
		'wan2.7-t2v',
		'wan2.7-t2v (text to video)',
		{
			textToVideo: {
				...wan27Common,
				label: 'Text to Video',
				help: 'A video from the prompt; optionally an audio track the video follows',
				roles: [role('driving_audio', [0, 1], AUDIO_WAN27)],
				duration: DURATION_2_15,
				ratio: choice(RATIOS, '16:9'),
			},
		},
		'textToVideo',
		'resolution and seconds',
		['V1', 'V7'],
	),
	wan27(
		'wan2.7-r2v',
		'wan2.7-r2v (reference to video)',
		{
			reference: {
				...wan27Common,
				label: 'Reference to Video',
				help: 'Characters or objects from reference images or videos, called Image 1, Video 1… in the prompt',
				roles: [
					role('reference_image', [0, 5], IMAGE_WAN27),
					role('reference_video', [0, 5], REFERENCE_VIDEO_WAN27),
					// Optional; the video then starts on it and takes its aspect ratio.
					role('first_frame', [0, 1], IMAGE_WAN27),
				],
				references: [1, 5],
				duration: { ...DURATION_2_15, withReferenceVideo: [2, 10] },
				ratio: choice(RATIOS, '16:9'),
			},
		},
		'reference',
		'resolution and seconds (reference videos may add input seconds)',
		['V8', 'V10'],
	),
	wan27(
		'wan2.7-videoedit',
		'wan2.7-videoedit (video edit)',
		{
			videoEdit: {
				...wan27Common,
				label: 'Video Edit',
				help: 'Edits a video (2–10 s) by instruction, optionally after reference images',
				roles: [role('video', [1, 1], VIDEO_WAN27), role('reference_image', [0, 4], IMAGE_WAN27)],
				duration: { range: [2, 10], apiDefault: 0, zeroKeepsSource: true, fact: 'documented' },
				ratio: choice(RATIOS, undefined),
				audioSetting: choice(['auto', 'origin'], 'auto'),
				takes: [...wan27Common.takes, 'audioSetting'],
			},
		},
		'videoEdit',
		'resolution and seconds of input plus output video',
		['V9', 'V10'],
	),
	wan26(
		'wan2.6-t2v',
		'wan2.6-t2v (text to video)',
		{ textToVideo: wan26TextToVideo },
		'textToVideo',
		'size tier (720P or 1080P) and seconds',
	),
	wan26(
		'wan2.6-i2v',
		'wan2.6-i2v (image to video)',
		{ firstFrame: wan26FirstFrame(false) },
		'firstFrame',
		'resolution and seconds',
	),
	wan26(
		'wan2.6-i2v-flash',
		'wan2.6-i2v-flash (image to video, fast)',
		{ firstFrame: wan26FirstFrame(true) },
		'firstFrame',
		'resolution, seconds, and sound (a silent video costs less)',
	),
	wan26(
		'wan2.6-r2v',
		'wan2.6-r2v (reference to video)',
		{ reference: wan26Reference(false) },
		'reference',
		'size tier and seconds (reference videos add input seconds)',
	),
	wan26(
		'wan2.6-r2v-flash',
		'wan2.6-r2v-flash (reference to video, fast)',
		{ reference: wan26Reference(true) },
		'reference',
		'size tier, seconds and sound (reference videos add input seconds; a silent video costs less)',
	),
	keyframes('wan2.2-kf2v-flash', 'wan2.2-kf2v-flash (first and last frame)', [
		'480P',
		'720P',
		'1080P',
	]),
	keyframes('wan2.1-kf2v-plus', 'wan2.1-kf2v-plus (first and last frame)', ['720P']),
];

export const DEFAULT_VIDEO_MODEL = VIDEO_MODELS[0].id;

export const videoModelRule = (id: string): VideoModelRule | undefined =>
	VIDEO_MODELS.find((model) => model.id === id.trim());

/**
 * What a freshly added node sends for a model and mode, with only a prompt typed: every choice at
 * its cheapest (lowest resolution or size tier, paid switches off), duration left to the API's
 * default. The panel's defaults come from here.
 */
export function freshVideoInput(
	modelId: string,
	mode?: VideoMode,
	prompt = '',
	media: VideoInput['media'] = [],
): VideoInput {
	const model = videoModelRule(modelId);
	if (!model) throw new Error(`no video model ${modelId}`);
	const chosen = mode ?? model.defaultMode;
	const rule = model.modes[chosen];
	if (!rule) throw new Error(`${modelId} has no mode ${chosen}`);
	const input: VideoInput = { model: model.id, mode: chosen, prompt, media };
	if (rule.resolution) input.resolution = rule.resolution.default;
	if (rule.size) input.size = rule.size.default;
	if (rule.audio) input.audio = rule.audio.default;
	return input;
}
