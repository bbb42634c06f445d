'use strict';
/**
 * The Wan video models the emulator answers, and their rules, written from the vendor pages
 * (docs/dashscope-notes.md §9), apart from the node's table on purpose: the emulator is the other
 * side of the contract. [D] documented, [Q] Qwen Cloud docs or its official repo, [3P] third-party
 * mirrors of the vendor page, [I] inferred (the strict reading, so a client relying on it is caught).
 */

const MB = 1024 * 1024;
const VIDEO_PATH = '/api/v1/services/aigc/video-generation/video-synthesis';
const KF2V_PATH = '/api/v1/services/aigc/image2video/video-synthesis';

const SIZES_720 = ['1280*720', '720*1280', '960*960', '1088*832', '832*1088']; // [D]
const SIZES_1080 = ['1920*1080', '1080*1920', '1440*1440', '1632*1248', '1248*1632']; // [D]
const RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4']; // [D]

const IMAGE_26 = { bytes: 10 * MB, side: [360, 2000] }; // [D]
const IMAGE_27 = { bytes: 20 * MB, side: [240, 8000], ratio: [1 / 8, 8] }; // [D]
const CLIP_27 = { bytes: 100 * MB, seconds: [2, 10] }; // [D]
const AUDIO_26 = { bytes: 15 * MB, seconds: [3, 30] }; // [D]
const AUDIO_27 = { bytes: 15 * MB, seconds: [2, 30] }; // [3P; I]

/** wan2.6 and older: named input fields. */
const wan26 = (fields, extra) => ({
	protocol: 'legacy',
	path: VIDEO_PATH,
	promptMax: 1500, // [D] cut silently beyond
	negativeMax: 500, // [D]
	fields, // input field → { kind, required, max?, limits }
	takes: ['duration', 'prompt_extend', 'shot_type', 'watermark', 'seed'],
	duration: [2, 15], // [D]
	...extra,
});

const wan27 = (media, extra) => ({
	protocol: 'media',
	path: VIDEO_PATH,
	promptMax: 5000, // [Q]
	negativeMax: 500, // [3P]
	media, // type → [min, max, limits]
	takes: ['resolution', 'duration', 'prompt_extend', 'watermark', 'seed'],
	resolutions: ['720P', '1080P'], // [D]
	defaultResolution: '1080P', // [Q]
	duration: [2, 15], // [D]
	...extra,
});

const kf2v = (resolutions) => ({
	protocol: 'keyframes',
	path: KF2V_PATH,
	promptMax: 800, // [Q]
	negativeMax: 500, // [Q]
	fields: {
		first_frame_url: { kind: 'image', required: true, limits: IMAGE_26 },
		last_frame_url: { kind: 'image', required: true, limits: IMAGE_26 },
	},
	takes: ['resolution', 'duration', 'prompt_extend', 'watermark', 'seed'],
	resolutions, // [Q]
	defaultResolution: '720P', // [Q]
	fixedDuration: 5, // [Q] other values fail
	// Tasks of this model an account may run at once: 2 for the wan2.1 video models [D V12];
	// that wan2.2-kf2v-flash shares it is [I].
	runningTasks: 2,
	promptOptional: true, // [Q]
	silent: true,
	legacyUsage: true, // video_duration / video_ratio [SDK]
});

const T2V_26 = wan26(
	{ audio_url: { kind: 'audio', limits: AUDIO_26 } },
	{
		sizes: [...SIZES_720, ...SIZES_1080],
		defaultSize: '1920*1080',
		takes: ['size', 'duration', 'prompt_extend', 'shot_type', 'watermark', 'seed'],
	},
);
const I2V_26 = (flash) =>
	wan26(
		{
			img_url: { kind: 'image', required: true, dataUri: true, limits: IMAGE_26 },
			audio_url: { kind: 'audio', limits: AUDIO_26 },
		},
		{
			resolutions: ['720P', '1080P'],
			defaultResolution: '1080P', // [D]
			takes: [
				'resolution',
				'duration',
				'prompt_extend',
				'shot_type',
				'watermark',
				'seed',
				...(flash ? ['audio'] : []),
			],
		},
	);
const R2V_26 = (flash) =>
	wan26(
		{
			reference_urls: {
				kind: 'references',
				required: true,
				max: 5,
				maxVideos: 3,
				limits: { image: IMAGE_26, video: { bytes: 100 * MB } },
			},
		},
		{
			sizes: [...SIZES_720, ...SIZES_1080],
			defaultSize: '1920*1080',
			duration: [2, 10], // [Q]
			takes: ['size', 'duration', 'shot_type', 'watermark', 'seed', ...(flash ? ['audio'] : [])],
		},
	);

const VIDEO_MODELS = {
	'wan2.6-t2v': T2V_26,
	'wan2.6-i2v': I2V_26(false),
	'wan2.6-i2v-flash': I2V_26(true),
	'wan2.6-r2v': R2V_26(false),
	'wan2.6-r2v-flash': R2V_26(true),
	'wan2.7-t2v': wan27(
		{},
		{
			ratios: RATIOS,
			takes: ['resolution', 'ratio', 'duration', 'prompt_extend', 'watermark', 'seed'],
			audioUrl: AUDIO_27,
		},
	),
	'wan2.7-i2v': wan27(
		{
			first_frame: [0, 1, IMAGE_27],
			last_frame: [0, 1, IMAGE_27],
			driving_audio: [0, 1, AUDIO_27],
			first_clip: [0, 1, CLIP_27],
		},
		{
			// [D] first_frame (+ last_frame) (+ driving_audio), or first_clip (+ last_frame).
			combos: [
				['first_frame'],
				['first_frame', 'driving_audio'],
				['first_frame', 'last_frame'],
				['first_frame', 'last_frame', 'driving_audio'],
				['first_clip'],
				['first_clip', 'last_frame'],
			],
		},
	),
	'wan2.7-r2v': wan27(
		{
			reference_image: [0, 5, IMAGE_27],
			reference_video: [0, 5, { ...CLIP_27, seconds: [1, 30] }], // [3P] 1–30 s
			first_frame: [0, 1, IMAGE_27], // [3P] optional; the output takes its ratio
		},
		{
			references: [1, 5], // [3P]
			durationWithVideo: [2, 10], // [3P]
			ratios: RATIOS,
			takes: ['resolution', 'ratio', 'duration', 'prompt_extend', 'watermark', 'seed'],
		},
	),
	'wan2.7-videoedit': wan27(
		{ video: [1, 1, CLIP_27], reference_image: [0, 4, IMAGE_27] },
		{
			duration: [2, 10], // [3P] 0 (default): the source's length
			zeroDuration: true,
			ratios: RATIOS,
			takes: [
				'resolution',
				'ratio',
				'duration',
				'prompt_extend',
				'watermark',
				'seed',
				'audio_setting',
			],
			audioSettings: ['auto', 'origin'], // [3P]
			billsInput: true, // [3P] input plus output seconds
		},
	),
	'wan2.2-kf2v-flash': kf2v(['480P', '720P', '1080P']),
	'wan2.1-kf2v-plus': kf2v(['720P']),
};

/** Largest upload per model for the temporary storage (MB); the page says each model has one. [I] */
const uploadLimitMb = (model) => (VIDEO_MODELS[model] ? 100 : 20);

module.exports = { VIDEO_MODELS, VIDEO_PATH, KF2V_PATH, uploadLimitMb, SIZES_720, SIZES_1080 };
