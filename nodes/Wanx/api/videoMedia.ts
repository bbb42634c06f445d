/**
 * What each kind of media input may be, per model generation (docs/dashscope-notes.md §9.4), and
 * the roles built from them. Written once here; the model table (videoModels.ts) picks them.
 */
import type {
	Fact,
	MediaKind,
	MediaLimits,
	MediaRole,
	MediaRoleRule,
	Range,
	VideoChoice,
} from './videoTypes';

const MB = 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/bmp', 'image/webp'] as const;
const VIDEO_TYPES = ['video/mp4', 'video/quicktime'] as const;
const AUDIO_TYPES = ['audio/wav', 'audio/mpeg'] as const;

/** wan2.7 images and videos: width / height from 1:8 to 8:1. */
const RATIO_WAN27: Range = [1 / 8, 8];

/** The limits of one kind of input: its types, largest file in MB, the bounds the docs give. */
const limits = (
	mimeTypes: readonly string[],
	maxMb: number,
	bounds: Pick<MediaLimits, 'side' | 'ratio' | 'seconds'>,
	fact: Fact = 'documented',
): MediaLimits => ({ mimeTypes, maxBytes: maxMb * MB, ...bounds, fact });

/** wan2.6 and older: first frame, kf2v frames, wan2.6-r2v images (360–2000 px, 10 MB). */
export const IMAGE_WAN26 = limits(IMAGE_TYPES, 10, { side: [360, 2000] });

/** wan2.7: frames and reference images (240–8000 px, 1:8 to 8:1, 20 MB). */
export const IMAGE_WAN27 = limits(IMAGE_TYPES, 20, { side: [240, 8000], ratio: RATIO_WAN27 });

/** wan2.7: a first clip or the video to edit (mp4/mov, 2–10 s, 240–4096 px, 1:8 to 8:1, 100 MB). */
export const VIDEO_WAN27 = limits(VIDEO_TYPES, 100, {
	side: [240, 4096],
	ratio: RATIO_WAN27,
	seconds: [2, 10],
});

/** wan2.7-r2v reference videos: as a clip but 1–30 s (two mirrors of the console's form agree). */
export const REFERENCE_VIDEO_WAN27: MediaLimits = {
	...VIDEO_WAN27,
	seconds: [1, 30],
	fact: 'inferred',
};

/** wan2.6-r2v reference videos (mp4/mov, 2–30 s, 100 MB). */
export const VIDEO_WAN26_REFERENCE = limits(VIDEO_TYPES, 100, { seconds: [2, 30] }, 'unclear');

/** wan2.6 `audio_url` (wav/mp3, 3–30 s, 15 MB; longer audio is cut to the video's length). */
export const AUDIO_WAN26 = limits(AUDIO_TYPES, 15, { seconds: [3, 30] });

/** wan2.7 driving audio (wav/mp3, 2–30 s, 15 MB). */
export const AUDIO_WAN27 = limits(AUDIO_TYPES, 15, { seconds: [2, 30] }, 'unclear');

/** Each role's panel name and the kind of media it takes. */
const ROLES: Record<MediaRole, { label: string; kind: MediaKind }> = {
	first_frame: { label: 'First Frame', kind: 'image' },
	last_frame: { label: 'Last Frame', kind: 'image' },
	driving_audio: { label: 'Audio', kind: 'audio' },
	first_clip: { label: 'First Clip', kind: 'video' },
	reference_image: { label: 'Reference Image', kind: 'image' },
	reference_video: { label: 'Reference Video', kind: 'video' },
	video: { label: 'Video to Edit', kind: 'video' },
};

/** A role rule; `dataUri`: whether the field takes `data:…;base64,` (only documented for images). */
export const role = (
	name: MediaRole,
	count: Range,
	limits: MediaLimits,
	dataUri = false,
): MediaRoleRule => ({
	role: name,
	label: ROLES[name].label,
	kind: ROLES[name].kind,
	count,
	dataUri,
	limits,
});

/** Choice helper: the cheapest value first, the node's default the cheapest. */
export const choice = (
	values: readonly string[],
	apiDefault: string | undefined,
	fact: VideoChoice['fact'] = 'documented',
): VideoChoice => ({ values, apiDefault, default: values[0], fact });

export const RESOLUTIONS_720_1080 = ['720P', '1080P'] as const;
export const RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'] as const;
/** wan2.6 `size` values, the 720P tier first (cheaper), then 1080P. */
export const SIZES_WAN26 = [
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
] as const;
export const SHOT_TYPES = ['single', 'multi'] as const;
