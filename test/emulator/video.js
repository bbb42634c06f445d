'use strict';
/**
 * The Wan video side of the emulator (docs/dashscope-notes.md §9): the create-task validation per
 * model (videoModels.js), with `oss://` URLs resolved only with `X-DashScope-OssResourceResolve:
 * enable` (tempUpload.js holds the uploads), the video task output and its MP4.
 * emulator.js routes to these; they use its plumbing (_sendJson, _sendError, _sendXml).
 */
const { VIDEO_MODELS } = require('./videoModels');
const { getPolicy, ossUpload, parseForm, resolveOss, unresolvedImages } = require('./tempUpload');
const { encodeMp4, readMp4 } = require('./mp4');

const SEED_MAX = 2147483647;
const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+);base64,/;
const IMAGE_MIME = new Set(['image/jpeg', 'image/jpg', 'image/png', 'image/bmp', 'image/webp']);

const bad = (message, code = 'InvalidParameter') => ({ error: { code, message } });
const cp = (s) => Array.from(s).length;

const isVideoPath = (path) => Object.values(VIDEO_MODELS).some((rule) => rule.path === path);

/** The kind of a video request line (create, upload, ossUpload, other), or undefined. */
function videoRoute(method, path) {
	if (isVideoPath(path)) return method === 'POST' ? 'create' : 'other';
	if (path === '/api/v1/uploads') return method === 'GET' ? 'upload' : 'other';
	if (/^\/oss\/[^/]+\/?$/.test(path)) return method === 'POST' ? 'ossUpload' : 'other';
	return undefined;
}

/** PNG sides from a data URI or uploaded bytes, when readable. */
function pngSides(buf) {
	if (
		buf.length >= 24 &&
		buf.readUInt32BE(0) === 0x89504e47 &&
		buf.toString('latin1', 12, 16) === 'IHDR'
	)
		return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
	return undefined;
}

/**
 * One media value → `{ error }` or `{ content? }` (a content problem the task FAILS with, as for
 * images: the API accepts the task, then cannot use the file [I]).
 */
function inspectMedia(emu, value, where, spec, ctx, model) {
	if (typeof value !== 'string' || value === '') return bad(`${where} must be a non-empty URL`);
	if (/^https?:\/\/\S+$/i.test(value)) return {};
	if (/^oss:\/\//.test(value)) {
		// [D S9] without the header an oss:// URL cannot be used; the code is [I] (as for images).
		if (String(ctx.req.headers['x-dashscope-ossresourceresolve'] || '').toLowerCase() !== 'enable')
			return bad(
				`${where}: oss:// URLs require the X-DashScope-OssResourceResolve: enable header`,
				'InvalidURL',
			);
		const found = resolveOss(emu, value, model, where);
		return found.content ? found : checkBytes(found.file.bytes, found.file.mime, where, spec);
	}
	const m = DATA_URI.exec(value.slice(0, 200));
	if (m) {
		if (!spec.dataUri) return bad(`${where}: this field takes a URL, not Base64`, 'InvalidURL'); // [I]
		if (!IMAGE_MIME.has(m[1].toLowerCase()))
			return {
				content: {
					code: 'BadRequest.UnsupportedFileFormat',
					message: `${where}: ${m[1]} is not supported`,
				},
			};
		return checkBytes(Buffer.from(value.slice(m[0].length), 'base64'), m[1], where, spec);
	}
	return bad(
		`${where}: must be an http(s):// URL${spec.dataUri ? ', a data URI' : ''} or an oss:// URL`,
		'InvalidURL',
	);
}

function checkBytes(buf, mime, where, spec) {
	const limits = spec.limits || {};
	if (limits.bytes && buf.length > limits.bytes)
		return {
			content: {
				code: 'InvalidParameter',
				message: `${where}: the file is larger than ${limits.bytes / 1048576} MB`,
			},
		};
	const sides = pngSides(buf);
	if (sides && limits.side) {
		const [lo, hi] = limits.side;
		if (sides.width < lo || sides.width > hi || sides.height < lo || sides.height > hi)
			return {
				content: {
					code: 'InvalidParameter',
					message: `${where}: image sides must be ${lo} to ${hi} px`,
				},
			};
		if (
			limits.ratio &&
			(sides.width / sides.height < limits.ratio[0] || sides.width / sides.height > limits.ratio[1])
		)
			return {
				content: {
					code: 'InvalidParameter',
					message: `${where}: the image ratio is outside 1:8 to 8:1`,
				},
			};
	}
	if (limits.seconds && /^video\//.test(mime || '')) {
		const { seconds } = readMp4(buf);
		if (seconds !== undefined && (seconds < limits.seconds[0] || seconds > limits.seconds[1]))
			return {
				content: {
					code: 'InvalidParameter',
					message: `${where}: the video must last ${limits.seconds[0]} to ${limits.seconds[1]} s`,
				},
			};
	}
	return {};
}

const whole = (v) => typeof v === 'number' && Number.isInteger(v);

/** Validates a create-task body against its model; `{error}` or `{request, content?}`. */
function validateVideo(emu, ctx, body) {
	if (!body || typeof body !== 'object') return bad('The request body must be a JSON object');
	if (typeof body.model !== 'string' || !body.model)
		return bad('Required parameter "model" missing from request.', 'BadRequest.EmptyModel');
	const rule = VIDEO_MODELS[body.model];
	if (!rule) return bad(`Model ${body.model} can not be found.`, 'ModelNotFound');
	if (rule.path !== ctx.url.pathname)
		return bad(`${body.model} is not served on ${ctx.url.pathname}`, 'InvalidParameter'); // [I]
	const input = body.input;
	if (!input || typeof input !== 'object')
		return bad('Required input parameter missing from request.', 'BadRequest.EmptyInput');
	const params = body.parameters === undefined ? {} : body.parameters;
	if (!params || typeof params !== 'object') return bad('parameters must be an object');

	const prompt = input.prompt === undefined ? '' : input.prompt;
	if (typeof prompt !== 'string') return bad('input.prompt must be a string');
	if (prompt.trim() === '' && !rule.promptOptional && rule.protocol !== 'media')
		return bad('input.prompt is required');
	if (input.negative_prompt !== undefined && typeof input.negative_prompt !== 'string')
		return bad('input.negative_prompt must be a string');
	const truncated = cp(prompt) > rule.promptMax;
	if (truncated && emu._config.strictLengths)
		return bad(`input.prompt is longer than ${rule.promptMax} characters`);

	for (const key of Object.keys(params))
		if (!rule.takes.includes(key))
			return bad(`parameters.${key} is not supported by ${body.model}`); // [I] strict
	let content;
	const note = (r) => {
		if (r.error) return r;
		if (r.content && !content) content = r.content;
		return undefined;
	};
	let media = [];
	if (rule.protocol === 'media') {
		const allowed = new Set([
			'prompt',
			'negative_prompt',
			'media',
			...(rule.audioUrl ? ['audio_url'] : []),
		]);
		for (const key of Object.keys(input))
			if (!allowed.has(key)) return bad(`input.${key} is not supported by ${body.model}`);
		if (input.media !== undefined && !Array.isArray(input.media))
			return bad('input.media must be a list');
		media = input.media || [];
		for (const [i, item] of media.entries()) {
			if (!item || typeof item !== 'object' || !rule.media[item.type])
				return bad(
					`input.media[${i}].type ${JSON.stringify(item && item.type)} is not taken by ${body.model}`,
				);
			const [, , limits] = rule.media[item.type];
			const r = note(inspectMedia(emu, item.url, `input.media[${i}]`, { limits }, ctx, body.model));
			if (r) return r;
		}
		for (const [type, [min, max]] of Object.entries(rule.media)) {
			const n = media.filter((m) => m.type === type).length;
			if (n < min || n > max) return bad(`input.media takes ${min} to ${max} × ${type}; got ${n}`);
		}
		const types = media
			.map((m) => m.type)
			.sort()
			.join(',');
		if (rule.combos && !rule.combos.some((c) => [...c].sort().join(',') === types))
			return bad(`input.media: ${types || 'nothing'} is not a combination ${body.model} takes`);
		if (rule.references) {
			const n = media.filter((m) => m.type.startsWith('reference_')).length;
			if (n < rule.references[0] || n > rule.references[1])
				return bad(
					`input.media takes ${rule.references[0]} to ${rule.references[1]} references; got ${n}`,
				);
		}
		if (input.audio_url !== undefined) {
			const r = note(
				inspectMedia(
					emu,
					input.audio_url,
					'input.audio_url',
					{ limits: rule.audioUrl },
					ctx,
					body.model,
				),
			);
			if (r) return r;
		}
		if (rule.protocol === 'media' && prompt.trim() === '' && !rule.combos)
			return bad('input.prompt is required');
	} else {
		const allowed = new Set(['prompt', 'negative_prompt', ...Object.keys(rule.fields)]);
		for (const key of Object.keys(input))
			if (!allowed.has(key)) return bad(`input.${key} is not supported by ${body.model}`);
		for (const [field, spec] of Object.entries(rule.fields)) {
			const value = input[field];
			if (value === undefined) {
				if (spec.required) return bad(`input.${field} is required by ${body.model}`);
				continue;
			}
			if (spec.kind === 'references') {
				if (!Array.isArray(value) || value.length < 1 || value.length > spec.max)
					return bad(`input.${field} takes 1 to ${spec.max} URLs`);
				const videos = value.filter(
					(v) => typeof v === 'string' && /\.(mp4|mov)(\?|$)/i.test(v),
				).length;
				if (videos > spec.maxVideos)
					return bad(`input.${field} takes at most ${spec.maxVideos} videos`); // [Q]
				for (const [i, v] of value.entries()) {
					const r = note(
						inspectMedia(
							emu,
							v,
							`input.${field}[${i}]`,
							{ limits: spec.limits.image },
							ctx,
							body.model,
						),
					);
					if (r) return r;
				}
				media = value.map((url) => ({
					type: /\.(mp4|mov)(\?|$)/i.test(url) ? 'reference_video' : 'reference_image',
					url,
				}));
				continue;
			}
			const r = note(inspectMedia(emu, value, `input.${field}`, spec, ctx, body.model));
			if (r) return r;
			media.push({ type: field, url: value });
		}
	}
	if (
		input.negative_prompt !== undefined &&
		cp(input.negative_prompt) > rule.negativeMax &&
		emu._config.strictLengths
	)
		return bad(`input.negative_prompt is longer than ${rule.negativeMax} characters`);

	// parameters
	if (params.size !== undefined && !(rule.sizes || []).includes(params.size))
		return bad(`parameters.size must be one of ${(rule.sizes || []).join(', ')}`);
	if (params.resolution !== undefined && !(rule.resolutions || []).includes(params.resolution))
		return bad(`parameters.resolution must be one of ${(rule.resolutions || []).join(', ')}`);
	if (params.ratio !== undefined && !(rule.ratios || []).includes(params.ratio))
		return bad(`parameters.ratio must be one of ${(rule.ratios || []).join(', ')}`);
	if (params.shot_type !== undefined && !['single', 'multi'].includes(params.shot_type))
		return bad('parameters.shot_type must be single or multi');
	if (
		params.audio_setting !== undefined &&
		!(rule.audioSettings || []).includes(params.audio_setting)
	)
		return bad('parameters.audio_setting must be auto or origin');
	for (const key of ['prompt_extend', 'watermark', 'audio'])
		if (params[key] !== undefined && typeof params[key] !== 'boolean')
			return bad(`parameters.${key} must be a boolean`);
	if (
		params.seed !== undefined &&
		(!whole(params.seed) || params.seed < 0 || params.seed > SEED_MAX)
	)
		return bad(`parameters.seed must be an integer in [0, ${SEED_MAX}]`);
	let duration = params.duration;
	if (duration !== undefined) {
		if (!whole(duration)) return bad('parameters.duration must be an integer');
		if (rule.fixedDuration !== undefined) {
			if (duration !== rule.fixedDuration)
				return bad(`parameters.duration is fixed at ${rule.fixedDuration} for ${body.model}`);
		} else if (!(rule.zeroDuration && duration === 0)) {
			const withVideo = media.some((m) => m.type === 'reference_video');
			const [lo, hi] = withVideo && rule.durationWithVideo ? rule.durationWithVideo : rule.duration;
			if (duration < lo || duration > hi)
				return bad(`parameters.duration must be in [${lo}, ${hi}]`);
		}
	}
	if (duration === undefined || duration === 0) duration = rule.fixedDuration ?? 5; // [D] default 5; edit: the source's length [I: 5]
	const size = params.size || rule.defaultSize;
	const resolution = params.resolution || rule.defaultResolution || (size && SIZES_TIER(size));
	const inputSeconds = rule.billsInput ? duration : 0;
	return {
		request: {
			model: body.model,
			prompt,
			promptTruncated: truncated,
			promptExtend: params.prompt_extend !== false,
			rule,
			duration,
			inputSeconds,
			size,
			resolution,
			ratio: params.ratio,
			media: media.length,
		},
		contentError: content,
	};
}

const SIZES_TIER = (size) => (/^(1920|1080|1440|1632|1248)\*/.test(size) ? '1080P' : '720P');
const SR = { '480P': 480, '720P': 720, '1080P': 1080 };
const PIXELS = { '480P': [832, 480], '720P': [1280, 720], '1080P': [1920, 1080] };

/** The output video's pixel size: the size asked, else the tier's pixels at the ratio (16:9). */
function videoFrame(req) {
	if (req.size) {
		const [w, h] = req.size.split('*').map(Number);
		return { width: w, height: h };
	}
	const [w, h] = PIXELS[req.resolution] || PIXELS['720P'];
	const [a, b] = (req.ratio || '16:9').split(':').map(Number);
	const by16 = (n) => Math.round(n / 16) * 16;
	const width = by16(Math.sqrt((w * h * a) / b));
	return { width, height: by16((w * h) / width) };
}

/** The SUCCEEDED task's output fields and usage [D output fields; usage by generation I/3P]. */
function videoOutput(task, url) {
	const req = task.video;
	const out = { video_url: url, orig_prompt: req.prompt };
	if (req.promptExtend && req.prompt)
		out.actual_prompt = `${req.prompt} Cinematic lighting, smooth camera movement.`;
	const usage = req.rule.legacyUsage
		? {
				video_duration: req.duration,
				video_count: 1,
				video_ratio: `${req.frame.width}*${req.frame.height}`,
				SR: SR[req.resolution],
			}
		: {
				duration: req.duration + req.inputSeconds,
				input_video_duration: req.inputSeconds,
				output_video_duration: req.duration,
				video_count: 1,
				SR: SR[req.resolution],
				...(req.rule.protocol === 'media'
					? { ratio: req.ratio || '16:9' }
					: { size: `${req.frame.width}*${req.frame.height}` }),
			};
	return { out, usage };
}

/**
 * The result file of a video task. Files of one shape are built once and shared (a few kept), so
 * serving ten 50 MB videos holds one buffer, not ten.
 */
function mp4For(emu, video, bytes) {
	const key = `${video.width}x${video.height}x${video.seconds}x${bytes}`;
	const cache = emu._mp4s || (emu._mp4s = new Map());
	let buf = cache.get(key);
	if (!buf) {
		buf = encodeMp4({ ...video, bytes });
		if (cache.size >= 4) cache.delete(cache.keys().next().value);
		cache.set(key, buf);
	}
	return buf;
}

/** Tasks of one video model an account may run at once, where its row sets a limit. */
const modelRunningLimit = (model) => VIDEO_MODELS[model]?.runningTasks;

module.exports = {
	modelRunningLimit,
	mp4For,
	videoRoute,
	isVideoPath,
	validateVideo,
	videoFrame,
	videoOutput,
	getPolicy,
	ossUpload,
	parseForm,
	unresolvedImages,
};
