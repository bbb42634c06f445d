/**
 * The Wan image models the node knows, one row each, as data: read by validation (validate.ts),
 * the planner (plan.ts), the panel's display conditions (actions/) and the submission gate.
 * Pure: no n8n runtime imports.
 *
 * Sources (docs/dashscope-notes.md): wan2.6-image §2–§4; wan2.6-t2i §8 [Q S4, S13];
 * wan2.7 §8 [Q S4, S5] and the Alibaba Cloud "Wan2.7 image generation and editing API reference"
 * (help.aliyun.com/zh/model-studio/wan-image-generation-and-editing-api-reference, 2026): same
 * endpoints and `input.messages`, 0–9 images, 4K on pro for text-to-image only (not image sets),
 * `enable_sequential` sets of up to 12, `thinking_mode`, `bbox_list`, `color_palette`.
 * Facts tagged [I] are inferred (no page states them): design around them, verify live.
 * A row's shape is in modelRule.ts; the lookups on the table close this file.
 */
import type { InputImageRule, Mode, ModeRule, ModelRule, Range, SizeRule } from './modelRule';
import { VIDEO_MODELS, videoModelRule } from './videoModels';

export const MB = 1024 * 1024;
/** Reference image types every model takes, by MIME type (§2.2, §8); `image/jpg` is JPEG's common mislabel. */
export const INPUT_IMAGE_TYPES: Readonly<Record<string, string>> = {
	'image/jpeg': 'JPEG',
	'image/jpg': 'JPEG',
	'image/png': 'PNG',
	'image/bmp': 'BMP',
	'image/webp': 'WEBP',
};
const px = (side: number) => side * side;
const RATIO_1_4: Range = [1 / 4, 4];
const RATIO_1_8: Range = [1 / 8, 8];
const NO_IMAGES: Range = [0, 0];
/** `seed` of every model (§2.3, §8). */
export const SEED_RANGE: Range = [0, 2147483647];

/** Bounding boxes per reference image [I: at most 2 per image, pixel corners x1,y1,x2,y2]. */
export const BBOX_LIMITS = { boxesPerImage: 2 } as const;
/** Colour palette: 3 to 10 hex colours whose ratios add up to 100% (§8 [3P; I]). */
export const PALETTE_LIMITS = { colors: [3, 10] as Range } as const;

/** The panel's words for the modes more than one model offers (the custom id offers them all). */
const GENERATE_OR_EDIT = {
	label: 'Generate or Edit',
	describe: 'generation and editing',
	help: 'Text-to-image without reference images, or editing and fusing up to 9 reference images',
};
const INTERLEAVED = {
	label: 'Interleaved Text and Images',
	describe: 'interleaved output',
	help: 'Text with images in between (tutorials, stories), or plain text-to-image; 0 or 1 reference image',
};
const IMAGE_SET = {
	label: 'Image Set',
	describe: 'an image set',
	help: 'A set of consistent images (a story, a product series) from the prompt and up to 9 reference images',
};

/** §2.2, newer docs (S2–S5): 240–8000 px, 10 MB, ratio unrestricted. */
const WAN26_INPUT_IMAGE: InputImageRule = { bytes: 10 * MB, side: [240, 8000] };

const WAN26_IMAGE: ModelRule = {
	id: 'wan2.6-image',
	name: 'Wan 2.6 Image (wan2.6-image)',
	checked: true,
	// Version 2's default: runs with a prompt alone and bills one image (version 1 defaults to edit).
	defaultMode: 'interleave',
	promptChars: 2000,
	negativePromptChars: 500,
	inputImage: WAN26_INPUT_IMAGE,
	submissionsPerSecond: { default: 5 }, // §6.1
	modes: {
		edit: {
			label: 'Image Editing',
			describe: 'image editing',
			help: 'Edit, fuse or restyle 1 to 4 reference images following the prompt',
			images: [1, 4],
			count: { name: 'n', range: [1, 4], apiDefault: 4 },
			size: { tiers: ['1K', '2K'], pixels: [px(768), px(2048)], ratio: RATIO_1_4 },
			takes: ['negativePrompt', 'promptExtend', 'watermark', 'seed'],
			fixed: { enable_interleave: false },
			sync: 'json',
		},
		interleave: {
			...INTERLEAVED,
			images: [0, 1],
			count: { name: 'max_images', range: [1, 5], apiDefault: 5 },
			size: { tiers: [], pixels: [px(768), px(1280)], ratio: RATIO_1_4 },
			// prompt_extend is edit-only (§2.3).
			takes: ['negativePrompt', 'watermark', 'seed'],
			fixed: { enable_interleave: true },
			sync: 'sse', // §4.4: sync interleave streams only
		},
	},
};

/** wan2.7-image and -pro share every rule but 4K (pro, text-to-image only). */
function wan27(id: string, name: string, pro: boolean): ModelRule {
	// [I] W*H sizes: total pixels 768²–2048² (4096² for pro text-to-image) with ratio 1:8–8:1,
	// mirroring the tiers and the input ratio; the pages show tiers only.
	const size = (textOnly: boolean): SizeRule => ({
		tiers: ['1K', '2K'],
		pixels: [px(768), px(2048)],
		ratio: RATIO_1_8,
		...(textOnly ? { textOnlyTiers: ['4K'], textOnlyPixels: [px(768), px(4096)] as Range } : {}),
	});
	return {
		id,
		name,
		checked: true,
		defaultMode: 'edit',
		promptChars: 5000, // [I] the 2.7 page's limit as read; the 2.6 family is 2000–2100
		negativePromptChars: 0, // no negative_prompt (§8)
		inputImage: { bytes: 20 * MB, side: [240, 8000], ratio: RATIO_1_8 }, // §8 [Q S4, S5]
		submissionsPerSecond: { default: 5 }, // §6.1 [D S6]: 5 per second in Beijing and Singapore
		modes: {
			edit: {
				...GENERATE_OR_EDIT,
				images: [0, 9],
				count: { name: 'n', range: [1, 4], apiDefault: 4 },
				size: size(pro),
				// bbox_list and color_palette are not offered for image sets [I].
				takes: ['watermark', 'seed', 'thinkingMode', 'bboxList', 'colorPalette'],
				textOnlyTakes: ['thinkingMode'], // §8 [D S14]: thinking_mode acts on text-to-image only
				fixed: {},
				sync: 'json', // [I] no SSE/stream switch as wan2.6 interleave has: plain JSON sync
			},
			sequential: {
				...IMAGE_SET,
				images: [0, 9],
				// n is the largest set size with enable_sequential; the model may return fewer [I].
				count: { name: 'n', range: [1, 12], apiDefault: 12 },
				size: size(false), // 4K is not for image sets (2.7 page)
				takes: ['watermark', 'seed'],
				fixed: { enable_sequential: true },
				sync: 'json', // [I] as above
			},
		},
	};
}

const WAN26_T2I: ModelRule = {
	id: 'wan2.6-t2i',
	name: 'Wan 2.6 Text-to-Image (wan2.6-t2i)',
	checked: true,
	defaultMode: 'textToImage',
	promptChars: 2100,
	negativePromptChars: 500,
	inputImage: WAN26_INPUT_IMAGE, // takes no images; kept for completeness
	submissionsPerSecond: { default: 5, 'cn-beijing': 1 }, // §6.1 / §8: 1 per second in Beijing
	modes: {
		textToImage: {
			label: 'Text to Image',
			describe: 'text-to-image',
			help: 'Pictures from the prompt alone',
			images: NO_IMAGES,
			count: { name: 'n', range: [1, 4], apiDefault: 4 },
			// [Q S4] states 1280²–1440² total pixels yet lists 1104*1472 and 960*1696 (≈1.63 M) as
			// common sizes; the lower bound follows the smallest listed size so those pass [I].
			size: { tiers: [], pixels: [1104 * 1472, px(1440)], ratio: RATIO_1_4 },
			takes: ['negativePrompt', 'promptExtend', 'watermark', 'seed'],
			fixed: {},
			sync: 'json',
		},
	},
};

/**
 * Any other model id: the rules that hold for every model above (a text prompt, well-formed
 * images, a whole positive count, `W*H` or a tier), nothing model-specific. Modes send the
 * switch that selects them; everything the user set is sent as set.
 */
const UNBOUNDED: Range = [0, Number.MAX_SAFE_INTEGER];
const POSITIVE: Range = [1, Number.MAX_SAFE_INTEGER];
const ANY_SIZE: SizeRule = { tiers: ['1K', '2K', '4K'], pixels: POSITIVE };
const CUSTOM: ModelRule = {
	id: 'custom',
	name: 'Custom Model ID',
	checked: false,
	defaultMode: 'edit',
	promptChars: Number.MAX_SAFE_INTEGER,
	negativePromptChars: Number.MAX_SAFE_INTEGER,
	inputImage: { bytes: Number.MAX_SAFE_INTEGER, side: POSITIVE },
	submissionsPerSecond: { default: 5 },
	modes: {
		edit: {
			...GENERATE_OR_EDIT,
			images: UNBOUNDED,
			count: { name: 'n', range: POSITIVE, apiDefault: 4 },
			size: ANY_SIZE,
			takes: [
				'negativePrompt',
				'promptExtend',
				'watermark',
				'seed',
				'thinkingMode',
				'bboxList',
				'colorPalette',
			],
			fixed: {},
			sync: 'json',
		},
		interleave: {
			...INTERLEAVED,
			images: UNBOUNDED,
			count: { name: 'max_images', range: POSITIVE, apiDefault: 5 },
			size: ANY_SIZE,
			takes: ['negativePrompt', 'watermark', 'seed'],
			fixed: { enable_interleave: true },
			sync: 'sse',
		},
		sequential: {
			...IMAGE_SET,
			images: UNBOUNDED,
			count: { name: 'n', range: POSITIVE, apiDefault: 12 },
			size: ANY_SIZE,
			takes: ['watermark', 'seed'],
			fixed: { enable_sequential: true },
			sync: 'json',
		},
	},
};

export const MODELS: readonly ModelRule[] = [
	WAN26_IMAGE,
	wan27('wan2.7-image', 'Wan 2.7 Image (wan2.7-image)', false),
	wan27('wan2.7-image-pro', 'Wan 2.7 Image Pro (wan2.7-image-pro)', true),
	WAN26_T2I,
];

/** The panel's value for "Custom Model ID". */
export const CUSTOM_MODEL = CUSTOM.id;
export const CUSTOM_RULE = CUSTOM;
export const DEFAULT_MODEL = WAN26_IMAGE.id;

// ---- lookups on the table ----------------------------------------------------------------------

/** A model's modes with their rules, in the table's order. */
export const modesOf = (model: ModelRule) => Object.entries(model.modes) as Array<[Mode, ModeRule]>;

/** The rule of a model id; unknown ids get the custom (unchecked) rule. */
export function modelRule(id: string): ModelRule {
	return MODELS.find((model) => model.id === id.trim()) ?? CUSTOM_RULE;
}

/**
 * The known id an id means when spelt in other letter case (`Wan2.7-Image` → `wan2.7-image`), image
 * or video. Model ids are lower case and, like every id the node does not know, another spelling
 * would be sent and refused after a round trip [I: no page states case-sensitivity].
 */
export function knownIdInOtherCase(id: string): string | undefined {
	const wanted = id.trim().toLowerCase();
	const ids = [...MODELS.map((model) => model.id), ...VIDEO_MODELS.map((model) => model.id)];
	return ids.find((known) => known !== id.trim() && known === wanted);
}

/** The other modes of the model that accept what this one refuses, for a hint. */
export function otherModeWhere(
	model: ModelRule,
	mode: Mode,
	test: (rule: ModeRule) => boolean,
): ModeRule | undefined {
	return modesOf(model).find(([name, rule]) => name !== mode && test(rule))?.[1];
}

/**
 * Tasks of this model the account may run at once, for a model with a limit of its own (kf2v: 2,
 * §9.8); undefined: only the account's running-task limit applies.
 */
export function modelRunningTasks(model: string): number | undefined {
	return videoModelRule(model)?.limits.runningTasks;
}

/** Submissions per second the account may make for this model in this region (§6.1). */
export function submissionsPerSecond(model: string, region: string | undefined): number {
	// Video models: their table's figure (docs/dashscope-notes.md §9.8).
	const video = videoModelRule(model);
	if (video) return video.limits.submissionsPerSecond;
	const rates = modelRule(model).submissionsPerSecond;
	return (region !== undefined ? rates[region] : undefined) ?? rates.default;
}
