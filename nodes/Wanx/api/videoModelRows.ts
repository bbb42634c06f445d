/**
 * The pieces the video model table (videoModels.ts) is built from: each protocol's paths, limits and
 * the modes models of one generation share. Sources: docs/dashscope-notes.md §9.
 */
import {
	AUDIO_WAN26,
	IMAGE_WAN26,
	RESOLUTIONS_720_1080,
	SHOT_TYPES,
	SIZES_WAN26,
	VIDEO_WAN26_REFERENCE,
	choice,
	role,
} from './videoMedia';
import type { VideoModeRule, VideoModelRule, VideoRateLimit } from './videoTypes';

/** Under `/api/v1`. kf2v models use their own path (§9.1; SDK `video_synthesis.py`). */
export const VIDEO_SYNTHESIS_PATH = '/services/aigc/video-generation/video-synthesis';
export const IMAGE2VIDEO_PATH = '/services/aigc/image2video/video-synthesis';

/** No video page gives figures for wan2.6/2.7: the image models' 5 per second, the account's running tasks (§9.8). */
const IMAGE_LIMITS: VideoRateLimit = { submissionsPerSecond: 5, fact: 'inferred' };
/** wan2.1 video models are documented at 2 and 2; kf2v is taken as the same family (§9.8). */
const WAN21_LIMITS: VideoRateLimit = { submissionsPerSecond: 2, runningTasks: 2, fact: 'inferred' };

const PER_SECOND = (drivenBy: string) => ({
	unit: 'second' as const,
	drivenBy,
	fact: 'documented' as const,
});

/** The flash models' `audio`: on by default, off bills less (§9.6). */
const SOUND_SWITCH = { apiDefault: true, default: false, fact: 'documented' } as const;

export const DURATION_2_15 = { range: [2, 15], apiDefault: 5, fact: 'documented' } as const;

// ---- wan2.6: img_url / audio_url / reference_urls, size or resolution -------------------------

export const wan26TextToVideo: VideoModeRule = {
	label: 'Text to Video',
	help: 'A video from the prompt; optionally an audio track the video follows',
	roles: [role('driving_audio', [0, 1], AUDIO_WAN26)],
	promptOptional: false,
	duration: DURATION_2_15,
	size: choice(SIZES_WAN26, '1920*1080'),
	shotType: choice(SHOT_TYPES, 'single'),
	takes: ['negativePrompt', 'promptExtend', 'seed', 'watermark', 'shotType'],
};

export const wan26FirstFrame = (flash: boolean): VideoModeRule => ({
	label: 'First Frame',
	help: 'Animates an image (the first frame); optionally an audio track the video follows',
	roles: [
		role('first_frame', [1, 1], IMAGE_WAN26, true),
		role('driving_audio', [0, 1], AUDIO_WAN26),
	],
	promptOptional: false,
	duration: DURATION_2_15,
	resolution: choice(RESOLUTIONS_720_1080, '1080P'),
	shotType: choice(SHOT_TYPES, 'single'),
	takes: [
		'negativePrompt',
		'promptExtend',
		'seed',
		'watermark',
		'shotType',
		...(flash ? (['audio'] as const) : []),
	],
	...(flash ? { audio: SOUND_SWITCH } : {}),
});

export const wan26Reference = (flash: boolean): VideoModeRule => ({
	label: 'Reference to Video',
	help: 'Characters from reference images or videos, called character1, character2… in the prompt',
	roles: [
		role('reference_image', [0, 5], IMAGE_WAN26),
		role('reference_video', [0, 3], VIDEO_WAN26_REFERENCE),
	],
	references: [1, 5],
	promptOptional: false,
	duration: { range: [2, 10], apiDefault: 5, fact: 'documented' },
	size: choice(SIZES_WAN26, '1920*1080'),
	shotType: choice(SHOT_TYPES, 'single'),
	takes: [
		'negativePrompt',
		'seed',
		'watermark',
		'shotType',
		...(flash ? (['audio'] as const) : []),
	],
	...(flash ? { audio: SOUND_SWITCH } : {}),
});

export const wan26 = (
	id: string,
	name: string,
	modes: VideoModelRule['modes'],
	defaultMode: VideoModelRule['defaultMode'],
	drivenBy: string,
): VideoModelRule => ({
	id,
	name,
	protocol: 'legacy',
	path: VIDEO_SYNTHESIS_PATH,
	modes,
	defaultMode,
	promptChars: 1500,
	negativePromptChars: 500,
	limits: IMAGE_LIMITS,
	billing: PER_SECOND(drivenBy),
	sources: ['V2', 'V3', 'V4', 'V10'],
});

// ---- wan2.7: input.media, resolution + ratio ---------------------------------------------------

export const wan27Common = {
	promptOptional: false,
	resolution: choice(RESOLUTIONS_720_1080, '1080P'),
	takes: ['negativePrompt', 'promptExtend', 'seed', 'watermark'],
} as const;

export const wan27 = (
	id: string,
	name: string,
	modes: VideoModelRule['modes'],
	defaultMode: VideoModelRule['defaultMode'],
	drivenBy: string,
	sources: readonly string[],
): VideoModelRule => ({
	id,
	name,
	protocol: 'media',
	path: VIDEO_SYNTHESIS_PATH,
	modes,
	defaultMode,
	promptChars: 5000,
	negativePromptChars: 500,
	limits: IMAGE_LIMITS,
	billing: PER_SECOND(drivenBy),
	sources,
});

// ---- first and last frame (kf2v): first_frame_url / last_frame_url, resolution, 5 s ------------

export const keyframes = (
	id: string,
	name: string,
	resolutions: readonly string[],
): VideoModelRule => ({
	id,
	name,
	protocol: 'keyframes',
	path: IMAGE2VIDEO_PATH,
	modes: {
		firstLastFrame: {
			label: 'First and Last Frame',
			help: 'A 5-second transition from the first image to the last (no sound)',
			roles: [
				role('first_frame', [1, 1], IMAGE_WAN26, true),
				role('last_frame', [1, 1], IMAGE_WAN26, true),
			],
			promptOptional: true,
			duration: { values: [5], apiDefault: 5, fixed: true, fact: 'documented' },
			resolution: choice(resolutions, '720P'),
			takes: ['negativePrompt', 'promptExtend', 'seed', 'watermark'],
		},
	},
	defaultMode: 'firstLastFrame',
	promptChars: 800,
	negativePromptChars: 500,
	limits: WAN21_LIMITS,
	billing: PER_SECOND('resolution (5 s per video)'),
	sources: ['V5', 'V10'],
});
