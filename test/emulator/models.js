'use strict';
/**
 * The models the emulator knows besides wan2.6-image, and the rules it answers them by
 * (docs/dashscope-notes.md §8 and the wan2.7 API reference). Written apart from
 * the node's table on purpose: the emulator is the other side of the contract.
 *
 * [D] documented, [I] inferred (no page states it; the emulator picks the strict reading so a
 * client that relies on it is caught).
 */

const px = (side) => side * side;

const WAN27 = {
	family: 'wan27',
	promptMax: 5000, // [I]
	images: [0, 9], // [D]
	imageBytes: 20 * 1024 * 1024, // [D]
	imageSide: [240, 8000], // [D]
	imageRatio: [1 / 8, 8], // [D]
	n: { single: [1, 4, 4], sequential: [1, 12, 12] }, // [D] 1–4, sets up to 12; [I] defaults 4 and 12
	tiers: { '1K': px(1280), '2K': px(2048) }, // [D]
	defaultTier: '2K', // [I]
	pixels: [px(768), px(2048)], // [I]
	textOnlyPixels: [px(768), px(4096)], // [I] pro, text-to-image
	ratio: [1 / 8, 8], // [I]
	// [I] parameters it does not take are refused, not ignored.
	takes: new Set([
		'n',
		'size',
		'watermark',
		'seed',
		'thinking_mode',
		'bbox_list',
		'color_palette',
		'enable_sequential',
	]),
	boxesPerImage: 2, // [I]
	paletteColors: [3, 10], // [I]
};

const MODELS = {
	'wan2.7-image': { ...WAN27, pro: false },
	// [D] 4K for text-to-image only (not image sets, not editing).
	'wan2.7-image-pro': { ...WAN27, pro: true, proTiers: { '4K': px(4096) } },
	'wan2.6-t2i': {
		family: 't2i',
		promptMax: 2100, // [D]
		negativeMax: 500, // [D]
		images: [0, 0], // text only [D]
		n: { single: [1, 4, 4] }, // [D] default 4
		// [D] 1280²–1440² stated; the listed 1104*1472 / 960*1696 (≈1.63 M) lie under it: [I] the
		// smallest listed size is the floor.
		pixels: [1104 * 1472, px(1440)],
		ratio: [1 / 4, 4], // [D]
		defaultSize: { width: 1280, height: 1280 }, // [D]
		takes: new Set(['n', 'size', 'negative_prompt', 'prompt_extend', 'watermark', 'seed']),
	},
};

/** Submissions per second per model and region, where they differ from the account's 5 [D §6.1]. */
const SUBMITS_PER_SECOND = { 'wan2.6-t2i': { 'cn-beijing': 1 } };

module.exports = { MODELS, SUBMITS_PER_SECOND };
