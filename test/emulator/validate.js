'use strict';
/**
 * Request-body rules for wan2.6-image, per docs/dashscope-notes.md §2.2–2.4 and §4.4.
 *
 * validateRequest() returns either
 *   { error: {status, code, message} }                         → answer with a DashScope error body, or
 *   { request, contentError? }                                 → a normalised request; `contentError`
 *     is a problem found in the input *content* (unsupported image format, image dimensions): the sync
 *     endpoint answers it as an HTTP error, the async endpoint accepts the task and lets it FAIL
 *     (that is how S12 documents BadRequest.UnsupportedFileFormat). [inferred split]
 */
const { pngSize } = require('./png');
const { MODELS } = require('./models');

const PROMPT_MAX = 2000;
const NEGATIVE_MAX = 500;
const SEED_MAX = 2147483647;
const PX_MIN = 768 * 768;
const PX_MAX_EDIT = 2048 * 2048;
const PX_MAX_INTERLEAVE = 1280 * 1280;
const TIERS = { '1K': 1280 * 1280, '2K': 2048 * 2048 };
const IMAGE_SIDE_MIN = 240;
const IMAGE_SIDE_MAX = 8000;
const IMAGE_MIMES = new Set([
	'image/jpeg',
	'image/jpg',
	'image/png',
	'image/bmp',
	'image/x-ms-bmp',
	'image/webp',
]);
const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,/i;

/** The longest data URI one field takes [3P S16 for another model; I for Wan]. */
const DATA_URI_MAX = 20 * 1024 * 1024;
const bad = (message, code = 'InvalidParameter', status = 400) => ({
	error: { status, code, message },
});
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const absent = (v) => v === undefined || v === null;
const cpLength = (s) => {
	// Code points, not UTF-16 units: "each character, letter, digit or symbol counts as 1" [D S1,S2].
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0xd800 || c > 0xdbff) n++;
	}
	return n;
};
const cpSlice = (s, max) => Array.from(s).slice(0, max).join('');
const round16 = (x) => Math.max(16, Math.round(x / 16) * 16);

/** Output W/H for a total pixel count and an aspect ratio, snapped to multiples of 16 [D S2]. */
function sizeFor(pixels, ratio) {
	return { width: round16(Math.sqrt(pixels * ratio)), height: round16(Math.sqrt(pixels / ratio)) };
}

/** Inspect one image value. Returns {error} or {image:{kind, mime?, width?, height?, bytes?}}. */
function inspectImage(value, i, headers, limits) {
	const where = `input.messages[0].content image #${i + 1}`;
	if (typeof value !== 'string' || value.length === 0)
		return bad(`${where}: image must be a non-empty string URL or data URI`);
	if (/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value)) return { image: { kind: 'url' } };
	if (/^oss:\/\//i.test(value)) {
		if (String(headers['x-dashscope-ossresourceresolve'] || '').toLowerCase() !== 'enable') {
			return bad(
				`${where}: oss:// URLs require the X-DashScope-OssResourceResolve: enable header`,
				'InvalidURL',
			);
		}
		return { image: { kind: 'oss' } };
	}
	const m = DATA_URI.exec(value.length > 200 ? value.slice(0, 200) : value);
	if (!m) {
		if (/^data:/i.test(value))
			return bad(`${where}: a data URI must look like data:{MIME_type};base64,{base64_data}`);
		return bad(`${where}: ${ERR_URL}`, 'InvalidURL');
	}
	// "Exceeded limit on max bytes per data-uri item : 20971520", seen on the same multimodal
	// endpoint for another model [3P S16]; that Wan shares it is [I]. Status 400 is [I] too.
	if (value.length > DATA_URI_MAX) {
		return bad(
			`Exceeded limit on max bytes per data-uri item : ${DATA_URI_MAX}`,
			'BadRequest.TooLarge',
		);
	}
	const mime = m[1].toLowerCase();
	const b64Len = value.length - m[0].length;
	if (b64Len <= 0 || !/^[A-Za-z0-9+/=\r\n]+$/.test(value.slice(m[0].length, m[0].length + 64))) {
		return bad(`${where}: the data URI has no valid base64 payload`);
	}
	const bytes = Math.floor((b64Len * 3) / 4);
	if (bytes > limits.maxImageBytes) {
		return bad(`${where}: image file size exceeds ${Math.round(limits.maxImageBytes / 1048576)}MB`);
	}
	const image = { kind: 'data', mime, bytes };
	if (!mime.startsWith('image/') || !IMAGE_MIMES.has(mime)) {
		image.contentError = {
			code: 'BadRequest.UnsupportedFileFormat',
			message: 'Input file format is not supported.',
		};
		return { image };
	}
	if (mime === 'image/png') {
		const head = Buffer.from(value.slice(m[0].length, m[0].length + 32), 'base64');
		const dim = pngSize(head);
		if (dim) {
			image.width = dim.width;
			image.height = dim.height;
			const sideOk = (v) => v >= IMAGE_SIDE_MIN && v <= IMAGE_SIDE_MAX;
			const [low, high] = limits.imageRatio || [0, Infinity];
			if (!sideOk(dim.width) || !sideOk(dim.height)) {
				image.contentError = {
					code: 'InvalidParameter',
					message: `The input image resolution ${dim.width}*${dim.height} is out of range: width and height must be in [${IMAGE_SIDE_MIN}, ${IMAGE_SIDE_MAX}] pixels`,
				};
			} else if (dim.width / dim.height < low || dim.width / dim.height > high) {
				image.contentError = {
					code: 'InvalidParameter',
					message: `The input image aspect ratio ${dim.width}*${dim.height} is out of range [1:8, 8:1]`,
				};
			}
		}
	}
	return { image };
}
const ERR_URL = 'the image must be a public http(s) URL or a data:{MIME_type};base64,{data} URI';

/**
 * @param {object} body parsed JSON body
 * @param {object} ctx { endpoint: 'sync'|'async', headers (lower-cased), models: Set<string>, strictLengths, maxImageBytes }
 */
function validateRequest(body, ctx) {
	if (!isObj(body)) return bad('The request body must be a JSON object');
	if (absent(body.model) || body.model === '') return bad(ERRS.emptyModel, 'BadRequest.EmptyModel');
	if (typeof body.model !== 'string') return bad('model must be a string');
	if (!ctx.models.has(body.model))
		return ctx.variants && ctx.variants.unknownModel === 'InvalidParameter'
			? bad('Model not exist.', 'InvalidParameter', 400)
			: bad('Model can not be found.', 'ModelNotFound', 404);
	if (absent(body.input)) return bad(ERRS.emptyInput, 'BadRequest.EmptyInput');
	if (!isObj(body.input)) return bad('input must be an object');
	const params = absent(body.parameters) ? {} : body.parameters;
	if (!isObj(params)) return bad('parameters must be an object');

	// --- input.messages: single turn, one user message [D S1,S2]
	const msgs = body.input.messages;
	if (!Array.isArray(msgs) || msgs.length === 0)
		return bad('input.messages is required and must be a non-empty array');
	if (msgs.length !== 1)
		return bad(
			'Only single-turn conversation is supported: input.messages must contain exactly one message',
		);
	const msg = msgs[0];
	if (!isObj(msg)) return bad('input.messages[0] must be an object');
	if (msg.role !== 'user') return bad('input.messages[0].role must be "user"');
	if (!Array.isArray(msg.content) || msg.content.length === 0)
		return bad('input.messages[0].content is required and must be a non-empty array');

	let textItems = 0;
	let prompt;
	const rawImages = [];
	for (const item of msg.content) {
		if (!isObj(item)) return bad('Each item of input.messages[0].content must be an object');
		const hasText = 'text' in item;
		const hasImage = 'image' in item;
		if (hasText && hasImage)
			return bad('A content item must contain either "text" or "image", not both');
		if (hasText) {
			textItems++;
			if (typeof item.text !== 'string') return bad('content text must be a string');
			prompt = item.text;
		} else if (hasImage) rawImages.push(item.image);
		else return bad('Each content item must contain a "text" or an "image" field');
	}
	if (textItems !== 1)
		return bad(`input.messages[0].content must contain exactly one text item, got ${textItems}`);
	if (prompt.trim().length === 0) return bad('The prompt (content text) must not be empty');

	// --- parameters: types first
	for (const key of ['enable_interleave', 'prompt_extend', 'watermark', 'stream']) {
		if (!absent(params[key]) && typeof params[key] !== 'boolean')
			return bad(`parameters.${key} must be a boolean`);
	}
	for (const key of ['n', 'max_images', 'seed']) {
		if (!absent(params[key]) && !Number.isInteger(params[key]))
			return bad(`parameters.${key} must be an integer`);
	}
	if (!absent(params.size) && typeof params.size !== 'string')
		return bad('parameters.size must be a string');
	if (!absent(params.negative_prompt) && typeof params.negative_prompt !== 'string')
		return bad('parameters.negative_prompt must be a string');

	const known = MODELS[body.model];
	if (known) return validateKnown(known, body, params, prompt, rawImages, ctx);

	const interleave = params.enable_interleave === true;
	const mode = interleave ? 'interleave' : 'edit';

	// --- SSE/stream consistency (sync endpoint only) [D S1,S2 §4.4; message 3P]
	const sse = String(ctx.headers['x-dashscope-sse'] || '').toLowerCase() === 'enable';
	const stream = params.stream === true;
	if (ctx.endpoint === 'sync') {
		if (interleave) {
			if (sse !== stream) return bad('x-dashscope-sse and stream parameter mismatch');
			if (!stream) {
				return bad(
					'enable_interleave=true only supports streaming output on this endpoint: set parameters.stream=true and the X-DashScope-Sse: enable header',
				);
			}
		} else if (stream) {
			if (!sse) return bad('x-dashscope-sse and stream parameter mismatch');
			return bad('stream output is only supported when enable_interleave=true');
		}
	}

	// --- lengths [D S1,S2: excess silently truncated]
	let promptTruncated = false;
	if (cpLength(prompt) > PROMPT_MAX) {
		if (ctx.strictLengths) return bad(`The prompt exceeds ${PROMPT_MAX} characters`);
		prompt = cpSlice(prompt, PROMPT_MAX);
		promptTruncated = true;
	}
	let negativePrompt = absent(params.negative_prompt) ? undefined : params.negative_prompt;
	let negativeTruncated = false;
	if (negativePrompt !== undefined && cpLength(negativePrompt) > NEGATIVE_MAX) {
		if (ctx.strictLengths) return bad(`negative_prompt exceeds ${NEGATIVE_MAX} characters`);
		negativePrompt = cpSlice(negativePrompt, NEGATIVE_MAX);
		negativeTruncated = true;
	}

	// --- image count by mode [D S1,S2,S5]
	if (interleave && rawImages.length > 1)
		return bad(`enable_interleave=true accepts at most 1 input image, got ${rawImages.length}`);
	if (!interleave && (rawImages.length < 1 || rawImages.length > 4)) {
		return bad(
			`Image editing (enable_interleave=false) requires 1 to 4 input images, got ${rawImages.length}`,
		);
	}
	const images = [];
	let contentError;
	for (let i = 0; i < rawImages.length; i++) {
		const r = inspectImage(rawImages[i], i, ctx.headers, ctx);
		if (r.error) return r;
		if (r.image.contentError && !contentError) contentError = r.image.contentError;
		images.push(r.image);
	}

	// --- n / max_images [D S1,S2]
	let n;
	let maxImages;
	if (interleave) {
		if (!absent(params.n) && params.n !== 1) return bad('num_images_per_prompt must be 1');
		n = 1;
		maxImages = absent(params.max_images) ? 5 : params.max_images;
		if (maxImages < 1 || maxImages > 5) return bad('parameters.max_images must be in [1, 5]');
	} else {
		n = absent(params.n) ? 4 : params.n;
		if (n < 1 || n > 4) return bad('parameters.n must be in [1, 4]');
	}

	// --- seed [D S1,S2]
	if (!absent(params.seed) && (params.seed < 0 || params.seed > SEED_MAX))
		return bad(`parameters.seed must be in [0, ${SEED_MAX}]`);

	// --- size [D S2 newer docs]
	const last = images[images.length - 1];
	const lastRatio = last && last.width && last.height ? last.width / last.height : 1;
	let size;
	const s = absent(params.size) ? undefined : params.size;
	if (s === undefined) {
		if (interleave) {
			if (last && last.width && last.height && last.width * last.height <= PX_MAX_INTERLEAVE) {
				size = { width: round16(last.width), height: round16(last.height) };
			} else size = sizeFor(PX_MAX_INTERLEAVE, lastRatio);
		} else size = sizeFor(TIERS['1K'], lastRatio);
	} else if (s === '1K' || s === '2K') {
		if (interleave)
			return bad(
				`parameters.size "${s}" is only supported when enable_interleave=false; use "W*H"`,
			);
		size = sizeFor(TIERS[s], lastRatio);
	} else {
		const m = /^([1-9]\d{0,5})\*([1-9]\d{0,5})$/.exec(s);
		if (!m)
			return bad(
				`parameters.size "${s}" is invalid: use ${interleave ? '' : '"1K", "2K" or '}"W*H", e.g. "1280*1280"`,
			);
		const w = Number(m[1]);
		const h = Number(m[2]);
		const max = interleave ? PX_MAX_INTERLEAVE : PX_MAX_EDIT;
		const maxLabel = interleave ? '1280*1280' : '2048*2048';
		if (w * h < PX_MIN || w * h > max)
			return bad(`parameters.size ${s}: total pixels must be in [768*768, ${maxLabel}]`);
		if (w / h < 0.25 || w / h > 4)
			return bad(`parameters.size ${s}: aspect ratio must be in [1:4, 4:1]`);
		size = { width: round16(w), height: round16(h) };
	}

	return {
		request: requestRecord(body, params, {
			mode,
			prompt,
			promptTruncated,
			negativePrompt,
			negativeTruncated,
			images,
			n,
			maxImages,
			size,
			stream,
			sse,
		}),
		contentError,
	};
}

/** What the emulator records of an accepted request (the fields every model shares, then the model's). */
function requestRecord(body, params, fields) {
	return {
		model: body.model,
		seed: absent(params.seed) ? undefined : params.seed,
		watermark: params.watermark === true,
		promptExtend: params.prompt_extend !== false,
		...fields,
	};
}

const inRange = (v, [min, max]) => v >= min && v <= max;

/** The boxes of wan2.7's interactive editing: one list per image, each box [x1, y1, x2, y2]. */
function checkBoxes(list, images, rules) {
	if (!Array.isArray(list)) return 'parameters.bbox_list must be an array';
	if (list.length !== images)
		return `parameters.bbox_list must have one entry per input image (${images}), got ${list.length}`;
	for (const boxes of list) {
		if (!Array.isArray(boxes) || boxes.length > rules.boxesPerImage)
			return `each bbox_list entry must be an array of at most ${rules.boxesPerImage} boxes`;
		for (const b of boxes) {
			if (
				!Array.isArray(b) ||
				b.length !== 4 ||
				!b.every((v) => Number.isInteger(v) && v >= 0) ||
				b[0] >= b[2] ||
				b[1] >= b[3]
			) {
				return 'each box must be [x1, y1, x2, y2] with integers x1 < x2, y1 < y2';
			}
		}
	}
	return undefined;
}

/** wan2.7's palette: 3–10 `{hex: "#RRGGBB", ratio: "NN.NN%"}` adding up to 100% [I]. */
function checkPalette(list, rules) {
	if (
		!Array.isArray(list) ||
		list.length < rules.paletteColors[0] ||
		list.length > rules.paletteColors[1]
	) {
		return `parameters.color_palette must hold ${rules.paletteColors[0]} to ${rules.paletteColors[1]} colours`;
	}
	let total = 0;
	for (const c of list) {
		if (
			!isObj(c) ||
			!/^#[0-9a-f]{6}$/i.test(String(c.hex)) ||
			!/^\d{1,3}(\.\d+)?%$/.test(String(c.ratio))
		) {
			return 'each color_palette entry must be {"hex": "#RRGGBB", "ratio": "NN.NN%"}';
		}
		total += parseFloat(c.ratio);
	}
	if (Math.abs(total - 100) > 0.05)
		return `color_palette ratios must add up to 100%, got ${total.toFixed(2)}%`;
	return undefined;
}

/** wan2.7-image(-pro) and wan2.6-t2i (models.js): the same envelope, their own parameters. */
function validateKnown(rules, body, params, prompt, rawImages, ctx) {
	// [I] refused by default; variants.js plays 'ignore' and 'failTask' too.
	const unsupported = (ctx.variants && ctx.variants.unsupportedParameter) || 'refuse';
	let paramError;
	for (const key of Object.keys(params)) {
		if (rules.takes.has(key) || unsupported === 'ignore') continue;
		const message = `parameters.${key} is not supported by model ${body.model}`;
		if (unsupported === 'refuse') return bad(message);
		paramError = paramError || { code: 'InvalidParameter', message };
	}
	if (String(ctx.headers['x-dashscope-sse'] || '').toLowerCase() === 'enable') {
		return bad(`model ${body.model} does not support streaming output (x-dashscope-sse)`); // [I]
	}
	for (const key of ['thinking_mode', 'enable_sequential']) {
		if (!absent(params[key]) && typeof params[key] !== 'boolean')
			return bad(`parameters.${key} must be a boolean`);
	}
	const sequential = params.enable_sequential === true;
	const mode = rules.family === 't2i' ? 'textToImage' : sequential ? 'sequential' : 'edit';

	let promptTruncated = false;
	if (cpLength(prompt) > rules.promptMax) {
		if (ctx.strictLengths) return bad(`The prompt exceeds ${rules.promptMax} characters`);
		prompt = cpSlice(prompt, rules.promptMax);
		promptTruncated = true;
	}
	let negativePrompt = absent(params.negative_prompt) ? undefined : params.negative_prompt;
	let negativeTruncated = false;
	if (negativePrompt !== undefined && cpLength(negativePrompt) > rules.negativeMax) {
		if (ctx.strictLengths) return bad(`negative_prompt exceeds ${rules.negativeMax} characters`);
		negativePrompt = cpSlice(negativePrompt, rules.negativeMax);
		negativeTruncated = true;
	}

	if (!inRange(rawImages.length, rules.images)) {
		return bad(
			`model ${body.model} accepts ${rules.images[0]} to ${rules.images[1]} input images, got ${rawImages.length}`,
		);
	}
	const images = [];
	let contentError = paramError;
	const limits = {
		...ctx,
		maxImageBytes: rules.imageBytes || ctx.maxImageBytes,
		imageRatio: rules.imageRatio,
	};
	for (let i = 0; i < rawImages.length; i++) {
		const r = inspectImage(rawImages[i], i, ctx.headers, limits);
		if (r.error) return r;
		if (r.image.contentError && !contentError) contentError = r.image.contentError;
		images.push(r.image);
	}

	const [nMin, nMax, nDefault] = sequential ? rules.n.sequential : rules.n.single;
	const n = absent(params.n) ? nDefault : params.n;
	if (!inRange(n, [nMin, nMax]))
		return bad(
			`parameters.n must be in [${nMin}, ${nMax}]${sequential ? ' when enable_sequential=true' : ''}`,
		);
	if (!absent(params.seed) && !inRange(params.seed, [0, SEED_MAX]))
		return bad(`parameters.seed must be in [0, ${SEED_MAX}]`);

	const textOnly = images.length === 0 && !sequential;
	const last = images[images.length - 1];
	const lastRatio = last && last.width && last.height ? last.width / last.height : 1;
	let size;
	const s = absent(params.size) ? undefined : params.size;
	if (s === undefined)
		size = rules.defaultSize || sizeFor(rules.tiers[rules.defaultTier], lastRatio);
	else if (/^\d+K$/.test(s)) {
		const tier =
			(rules.tiers && rules.tiers[s]) || (textOnly && rules.proTiers && rules.proTiers[s]);
		if (!tier) {
			if (rules.proTiers && rules.proTiers[s])
				return bad(
					`parameters.size "${s}" is only supported for text-to-image (no input images, enable_sequential=false)`,
				);
			return bad(`parameters.size "${s}" is not supported by model ${body.model}`);
		}
		size = sizeFor(tier, lastRatio);
	} else {
		const m = /^([1-9]\d{0,5})\*([1-9]\d{0,5})$/.exec(s);
		if (!m)
			return bad(`parameters.size "${s}" is invalid: use "W*H"${rules.tiers ? ' or a tier' : ''}`);
		const w = Number(m[1]);
		const h = Number(m[2]);
		const [min, max] = textOnly && rules.proTiers ? rules.textOnlyPixels : rules.pixels;
		if (!inRange(w * h, [min, max]))
			return bad(`parameters.size ${s}: total pixels must be in [${min}, ${max}]`);
		if (!inRange(w / h, rules.ratio)) return bad(`parameters.size ${s}: aspect ratio out of range`);
		size = { width: round16(w), height: round16(h) };
	}

	if (!absent(params.bbox_list)) {
		const problem = checkBoxes(params.bbox_list, images.length, rules);
		if (problem) return bad(problem);
	}
	if (!absent(params.color_palette)) {
		if (sequential) return bad('color_palette is not supported with enable_sequential=true'); // [I]
		const problem = checkPalette(params.color_palette, rules);
		if (problem) return bad(problem);
	}

	return {
		request: requestRecord(body, params, {
			mode,
			prompt,
			promptTruncated,
			negativePrompt,
			negativeTruncated,
			images,
			n,
			maxImages: undefined,
			size,
			// [D] thinking mode acts on text-to-image only; elsewhere it is accepted and has no effect.
			thinkingMode: textOnly ? params.thinking_mode !== false : undefined,
			bboxList: params.bbox_list,
			colorPalette: params.color_palette,
			stream: false,
			sse: false,
		}),
		contentError,
	};
}

const ERRS = {
	emptyModel: 'Required parameter "model" missing from request.',
	emptyInput: 'Required input parameter missing from request.',
};

module.exports = { validateRequest, sizeFor, round16, cpLength, PROMPT_MAX, NEGATIVE_MAX };
