/**
 * nodes/Wanx/api/videoValidate.ts against the documented figures of docs/dashscope-notes.md §9,
 * written here as literals (not read from the table), so a wrong row fails: each edge is accepted,
 * one past it refused, naming the parameter.
 */
import { freshVideoInput } from '../../nodes/Wanx/api/videoModels';
import { validateVideoInput } from '../../nodes/Wanx/api/videoValidate';
import type {
	MediaRole,
	VideoInput,
	VideoMediaItem,
	VideoMode,
} from '../../nodes/Wanx/api/videoTypes';

const MB = 1024 * 1024;
const url = (role: MediaRole, n = 1): VideoMediaItem => ({
	role,
	url: `https://example.com/${role}-${n}.${role.includes('audio') ? 'mp3' : role.includes('video') || role === 'first_clip' ? 'mp4' : 'png'}`,
});

interface Spec {
	mode: VideoMode;
	media: VideoMediaItem[];
	duration?: [number, number];
	prompt: number;
	negative: number;
	resolutions?: string[];
	sizes?: string[];
	ratios?: string[];
}

const SIZES = [
	'1280*720',
	'720*1280',
	'960*960',
	'1088*832',
	'832*1088',
	'1920*1080',
	'1080*1920',
	'1440*1440',
	'1632*1248',
	'1248*1632',
];
const RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];

/** The documented figures per model (§9.3–§9.5). */
const SPECS: Record<string, Spec> = {
	'wan2.6-t2v': {
		mode: 'textToVideo',
		media: [],
		duration: [2, 15],
		prompt: 1500,
		negative: 500,
		sizes: SIZES,
	},
	'wan2.6-i2v': {
		mode: 'firstFrame',
		media: [url('first_frame')],
		duration: [2, 15],
		prompt: 1500,
		negative: 500,
		resolutions: ['720P', '1080P'],
	},
	'wan2.6-i2v-flash': {
		mode: 'firstFrame',
		media: [url('first_frame')],
		duration: [2, 15],
		prompt: 1500,
		negative: 500,
		resolutions: ['720P', '1080P'],
	},
	'wan2.6-r2v': {
		mode: 'reference',
		media: [url('reference_image')],
		duration: [2, 10],
		prompt: 1500,
		negative: 500,
		sizes: SIZES,
	},
	'wan2.6-r2v-flash': {
		mode: 'reference',
		media: [url('reference_image')],
		duration: [2, 10],
		prompt: 1500,
		negative: 500,
		sizes: SIZES,
	},
	'wan2.7-t2v': {
		mode: 'textToVideo',
		media: [],
		duration: [2, 15],
		prompt: 5000,
		negative: 500,
		resolutions: ['720P', '1080P'],
		ratios: RATIOS,
	},
	'wan2.7-i2v': {
		mode: 'firstFrame',
		media: [url('first_frame')],
		duration: [2, 15],
		prompt: 5000,
		negative: 500,
		resolutions: ['720P', '1080P'],
	},
	'wan2.7-r2v': {
		mode: 'reference',
		media: [url('reference_image')],
		duration: [2, 15],
		prompt: 5000,
		negative: 500,
		resolutions: ['720P', '1080P'],
		ratios: RATIOS,
	},
	'wan2.7-videoedit': {
		mode: 'videoEdit',
		media: [url('video')],
		duration: [2, 10],
		prompt: 5000,
		negative: 500,
		resolutions: ['720P', '1080P'],
		ratios: RATIOS,
	},
	'wan2.2-kf2v-flash': {
		mode: 'firstLastFrame',
		media: [url('first_frame'), url('last_frame')],
		prompt: 800,
		negative: 500,
		resolutions: ['480P', '720P', '1080P'],
	},
	'wan2.1-kf2v-plus': {
		mode: 'firstLastFrame',
		media: [url('first_frame'), url('last_frame')],
		prompt: 800,
		negative: 500,
		resolutions: ['720P'],
	},
};

const base = (model: string, overrides: Partial<VideoInput> = {}): VideoInput => ({
	model,
	mode: SPECS[model].mode,
	prompt: 'A lighthouse at dusk',
	media: SPECS[model].media,
	...overrides,
});
const accepted = (input: VideoInput) => expect(validateVideoInput(input)).toBeUndefined();
const refused = (input: VideoInput, parameter: string) =>
	expect(validateVideoInput(input)?.parameter).toBe(parameter);

describe.each(Object.keys(SPECS))('%s', (model) => {
	const spec = SPECS[model];

	test('the fresh node input passes', () => {
		accepted(freshVideoInput(model, spec.mode, 'A lighthouse at dusk', spec.media));
	});

	test('duration: each edge accepted, one past it refused', () => {
		if (!spec.duration) {
			accepted(base(model, { duration: 5 }));
			refused(base(model, { duration: 4 }), 'Duration');
			refused(base(model, { duration: 6 }), 'Duration');
			return;
		}
		const [min, max] = spec.duration;
		accepted(base(model, { duration: min }));
		accepted(base(model, { duration: max }));
		refused(base(model, { duration: min - 1 }), 'Duration');
		refused(base(model, { duration: max + 1 }), 'Duration');
		refused(base(model, { duration: 4.5 }), 'Duration');
	});

	test('prompt and negative prompt lengths', () => {
		accepted(base(model, { prompt: 'x'.repeat(spec.prompt) }));
		refused(base(model, { prompt: 'x'.repeat(spec.prompt + 1) }), 'Prompt');
		// Characters are code points: an emoji counts once.
		accepted(base(model, { prompt: '😀'.repeat(spec.prompt) }));
		accepted(base(model, { negativePrompt: 'y'.repeat(spec.negative) }));
		refused(base(model, { negativePrompt: 'y'.repeat(spec.negative + 1) }), 'Negative Prompt');
	});

	test('resolution, size and ratio values', () => {
		for (const value of spec.resolutions ?? []) accepted(base(model, { resolution: value }));
		for (const value of spec.sizes ?? []) accepted(base(model, { size: value }));
		for (const value of spec.ratios ?? []) accepted(base(model, { ratio: value }));
		refused(base(model, { resolution: '2160P' }), 'Resolution');
		refused(base(model, { size: '1280x720' }), 'Size');
		refused(base(model, { ratio: '21:9' }), 'Aspect Ratio');
		if (!spec.resolutions) refused(base(model, { resolution: '720P' }), 'Resolution');
		if (!spec.sizes) refused(base(model, { size: '1280*720' }), 'Size');
		if (!spec.ratios) refused(base(model, { ratio: '16:9' }), 'Aspect Ratio');
	});

	test('seed edges', () => {
		accepted(base(model, { seed: 0 }));
		accepted(base(model, { seed: 2147483647 }));
		refused(base(model, { seed: -1 }), 'Seed');
		refused(base(model, { seed: 2147483648 }), 'Seed');
	});

	test('media: none of a required role, and an unknown role, are refused', () => {
		if (spec.media.length > 0) refused(base(model, { media: [] }), 'Media');
		refused(
			base(model, { media: [...spec.media, url('first_clip')] }),
			'Media (input ' + (spec.media.length + 1) + ')',
		);
	});
});

describe('media limits from the bytes', () => {
	const frame = (facts: VideoMediaItem['facts']): VideoMediaItem => ({
		...url('first_frame'),
		facts,
	});

	test('wan2.6-i2v first frame: 360–2000 px, 10 MB', () => {
		const input = (facts: VideoMediaItem['facts']) => base('wan2.6-i2v', { media: [frame(facts)] });
		accepted(input({ width: 360, height: 2000, bytes: 10 * MB, mimeType: 'image/png' }));
		refused(input({ width: 359, height: 1000 }), 'Media (input 1)');
		refused(input({ width: 1000, height: 2001 }), 'Media (input 1)');
		refused(input({ bytes: 10 * MB + 1 }), 'Media (input 1)');
		refused(input({ mimeType: 'image/gif' }), 'Media (input 1)');
	});

	test('wan2.7-i2v first frame: 240–8000 px, 1:8 to 8:1, 20 MB', () => {
		const input = (facts: VideoMediaItem['facts']) => base('wan2.7-i2v', { media: [frame(facts)] });
		accepted(input({ width: 240, height: 1920, bytes: 20 * MB }));
		accepted(input({ width: 8000, height: 1000 }));
		refused(input({ width: 239, height: 1000 }), 'Media (input 1)');
		refused(input({ width: 240, height: 1921 }), 'Media (input 1)');
		refused(input({ width: 8001, height: 4000 }), 'Media (input 1)');
		refused(input({ bytes: 20 * MB + 1 }), 'Media (input 1)');
	});

	test('wan2.7-i2v first clip: 2–10 s, 100 MB, mp4 or mov', () => {
		const clip = (facts: VideoMediaItem['facts']) =>
			base('wan2.7-i2v', { mode: 'continuation', media: [{ ...url('first_clip'), facts }] });
		accepted(clip({ seconds: 2, bytes: 100 * MB, mimeType: 'video/mp4' }));
		accepted(clip({ seconds: 10, mimeType: 'video/quicktime' }));
		refused(clip({ seconds: 1.9 }), 'Media (input 1)');
		refused(clip({ seconds: 10.1 }), 'Media (input 1)');
		refused(clip({ bytes: 100 * MB + 1 }), 'Media (input 1)');
	});

	test('wan2.6 audio: 3–30 s, 15 MB, wav or mp3', () => {
		const audio = (facts: VideoMediaItem['facts']) =>
			base('wan2.6-t2v', { media: [{ ...url('driving_audio'), facts }] });
		accepted(audio({ seconds: 3, bytes: 15 * MB, mimeType: 'audio/mpeg' }));
		accepted(audio({ seconds: 30, mimeType: 'audio/wav' }));
		refused(audio({ seconds: 2.9 }), 'Media (input 1)');
		refused(audio({ seconds: 30.1 }), 'Media (input 1)');
		refused(audio({ bytes: 15 * MB + 1 }), 'Media (input 1)');
		refused(audio({ mimeType: 'audio/ogg' }), 'Media (input 1)');
	});
});

describe('media counts and combinations', () => {
	test('wan2.6-r2v: 1–5 references, at most 3 videos', () => {
		const refs = (images: number, videos: number) => [
			...Array.from({ length: images }, (_, i) => url('reference_image', i + 1)),
			...Array.from({ length: videos }, (_, i) => url('reference_video', i + 1)),
		];
		accepted(base('wan2.6-r2v', { media: refs(5, 0) }));
		accepted(base('wan2.6-r2v', { media: refs(2, 3) }));
		refused(base('wan2.6-r2v', { media: refs(6, 0) }), 'Media');
		refused(base('wan2.6-r2v', { media: refs(1, 4) }), 'Media');
		refused(base('wan2.6-r2v', { media: refs(3, 3) }), 'Media');
		refused(base('wan2.6-r2v', { media: [] }), 'Media');
	});

	test('wan2.7-r2v: an optional first frame, which sets the ratio; reference videos 1–30 s', () => {
		accepted(base('wan2.7-r2v', { media: [url('reference_image'), url('first_frame')] }));
		refused(base('wan2.7-r2v', { media: [url('first_frame')] }), 'Media');
		refused(
			base('wan2.7-r2v', { media: [url('reference_image'), url('first_frame')], ratio: '1:1' }),
			'Aspect Ratio',
		);
		const video = (seconds: number) =>
			base('wan2.7-r2v', { media: [{ ...url('reference_video'), facts: { seconds } }] });
		accepted(video(1));
		accepted(video(30));
		refused(video(0.9), 'Media (input 1)');
		refused(video(30.1), 'Media (input 1)');
	});

	test('wan2.7-r2v: 2–10 s once a reference video is among the inputs', () => {
		const withVideo = [url('reference_image'), url('reference_video')];
		accepted(base('wan2.7-r2v', { media: withVideo, duration: 10 }));
		refused(base('wan2.7-r2v', { media: withVideo, duration: 11 }), 'Duration');
		accepted(base('wan2.7-r2v', { duration: 15 }));
	});

	test('wan2.7-i2v: first frame with last frame and audio; a clip with a last frame but no audio', () => {
		accepted(
			base('wan2.7-i2v', { media: [url('first_frame'), url('last_frame'), url('driving_audio')] }),
		);
		accepted(
			base('wan2.7-i2v', { mode: 'continuation', media: [url('first_clip'), url('last_frame')] }),
		);
		refused(
			base('wan2.7-i2v', {
				mode: 'continuation',
				media: [url('first_clip'), url('driving_audio')],
			}),
			'Media (input 2)',
		);
		refused(base('wan2.7-i2v', { media: [url('first_frame'), url('first_frame', 2)] }), 'Media');
		refused(
			base('wan2.7-i2v', { media: [url('first_frame'), url('first_clip')] }),
			'Media (input 2)',
		);
	});

	test('wan2.7-videoedit: one video, up to 4 reference images; duration 0 keeps the source length', () => {
		const refs = (n: number) => Array.from({ length: n }, (_, i) => url('reference_image', i + 1));
		accepted(base('wan2.7-videoedit', { media: [url('video'), ...refs(4)], duration: 0 }));
		refused(base('wan2.7-videoedit', { media: [url('video'), ...refs(5)] }), 'Media');
		refused(base('wan2.7-videoedit', { duration: 1 }), 'Duration');
		accepted(base('wan2.7-videoedit', { audioSetting: 'origin' }));
		refused(base('wan2.7-videoedit', { audioSetting: 'none' }), 'Audio Setting');
	});

	test('kf2v takes both frames, and only as 5-second videos', () => {
		refused(base('wan2.2-kf2v-flash', { media: [url('first_frame')] }), 'Media');
		accepted(base('wan2.2-kf2v-flash', { prompt: '' }));
		accepted(base('wan2.7-i2v', { prompt: '' }));
		refused(base('wan2.7-t2v', { prompt: '' }), 'Prompt');
	});
});

describe('values the API takes in some forms only', () => {
	test('data URIs only where the API takes Base64 (wan2.6 first frame, kf2v frames)', () => {
		const data = (role: MediaRole) => ({ role, url: 'data:image/png;base64,iVBORw0KGgo=' });
		accepted(base('wan2.6-i2v', { media: [data('first_frame')] }));
		accepted(base('wan2.2-kf2v-flash', { media: [data('first_frame'), data('last_frame')] }));
		refused(base('wan2.7-i2v', { media: [data('first_frame')] }), 'Media (input 1)');
		refused(
			base('wan2.6-i2v', { media: [{ role: 'first_frame', url: 'data:image/gif;base64,R0lG' }] }),
			'Media (input 1)',
		);
	});

	test('oss:// URLs from the temporary upload are accepted everywhere; other schemes are not', () => {
		accepted(
			base('wan2.7-i2v', {
				media: [{ role: 'first_frame', url: 'oss://dashscope-instant/x/a.png' }],
			}),
		);
		refused(
			base('wan2.7-i2v', { media: [{ role: 'first_frame', url: 'ftp://example.com/a.png' }] }),
			'Media (input 1)',
		);
	});

	test('options a mode does not take are refused, not dropped', () => {
		refused(base('wan2.7-t2v', { shotType: 'multi' }), 'Shot Type');
		refused(base('wan2.6-i2v', { audio: false }), 'Generate Audio');
		accepted(base('wan2.6-i2v-flash', { audio: false }));
		refused(base('wan2.6-r2v', { promptExtend: true }), 'Prompt Extend');
		refused(base('wan2.6-t2v', { audioSetting: 'auto' }), 'Audio Setting');
		refused(base('wan2.6-t2v', { shotType: 'multi', promptExtend: false }), 'Shot Type');
		accepted(base('wan2.6-t2v', { shotType: 'multi', promptExtend: true }));
	});

	test('model, mode and prompt are named', () => {
		refused(base('wan2.6-t2v', { model: 'wan9-t2v' }), 'Model');
		refused(base('wan2.6-t2v', { mode: 'firstFrame' }), 'Mode');
		refused(base('wan2.6-t2v', { prompt: '  ' }), 'Prompt');
	});
});
