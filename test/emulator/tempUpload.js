'use strict';
/**
 * DashScope's temporary file upload as the emulator answers it (docs/dashscope-notes.md §9.9):
 * getPolicy hands out a signed policy for one model, the OSS form POST stores the file under its
 * `upload_dir` for 48 h (`emu.uploads`, read by video.js when an `oss://` URL comes in).
 */
const { randomUUID, createHash } = require('node:crypto');
const { VIDEO_MODELS, uploadLimitMb } = require('./videoModels');

const UPLOAD_TTL_MS = 48 * 3600 * 1000; // [D S9]

const sign = (text) => createHash('sha1').update(`emulator:${text}`).digest('base64');

/** GET /api/v1/uploads?action=getPolicy&model=… → `{request_id, data:{…}}` [D S9; SDK oss_utils]. */
function getPolicy(emu, ctx) {
	const q = ctx.url.searchParams;
	if (q.get('action') !== 'getPolicy')
		return emu._sendError(ctx, { code: 'InvalidParameter', message: 'action must be getPolicy' }); // [I]
	const model = q.get('model');
	if (!model)
		return emu._sendError(ctx, { code: 'InvalidParameter', message: 'model is required' }); // [I]
	if (!emu._config.models.includes(model) && !VIDEO_MODELS[model])
		return emu._sendError(ctx, { code: 'ModelNotFound' });
	const now = Date.now();
	const dir = `dashscope-instant/${emu._accountDir}/${new Date(now).toISOString().slice(0, 10)}/${randomUUID()}`;
	const maxMb = uploadLimitMb(model);
	const policy = Buffer.from(
		JSON.stringify({
			expiration: new Date(now + 300000).toISOString(),
			conditions: [
				['content-length-range', 0, maxMb * 1048576],
				['starts-with', '$key', dir],
			],
		}),
	).toString('base64');
	emu.policies.set(policy, { model, dir, maxBytes: maxMb * 1048576, expiresAt: now + 300000 });
	emu._sendJson(ctx, 200, {
		request_id: ctx.requestId,
		data: {
			policy,
			signature: sign(policy),
			upload_dir: dir,
			upload_host: `${emu._config.publicUrl || emu.url}/oss/dashscope-file-mgr`,
			expire_in_seconds: 300,
			max_file_size_mb: maxMb,
			capacity_limit_mb: 999999999,
			oss_access_key_id: 'LTAI-emulator',
			x_oss_object_acl: 'private',
			x_oss_forbid_overwrite: 'true',
		},
	});
}

/** Splits a multipart/form-data body into `{name: {value, filename?, type?}}`. */
function parseForm(buf, contentType) {
	const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType || '');
	if (!m) return undefined;
	const boundary = Buffer.from(`--${m[1] || m[2]}`);
	const fields = {};
	let at = buf.indexOf(boundary);
	while (at >= 0) {
		const start = at + boundary.length;
		if (buf.toString('latin1', start, start + 2) === '--') break;
		const headEnd = buf.indexOf('\r\n\r\n', start);
		const next = buf.indexOf(boundary, headEnd);
		if (headEnd < 0 || next < 0) return undefined;
		const head = buf.toString('utf8', start, headEnd);
		const name = /name="([^"]*)"/i.exec(head);
		const filename = /filename="([^"]*)"/i.exec(head);
		const type = /content-type:\s*([^\r\n]+)/i.exec(head);
		if (name)
			fields[name[1]] = {
				value: buf.subarray(headEnd + 4, next - 2),
				filename: filename && filename[1],
				type: type && type[1].trim(),
			};
		at = next;
	}
	return fields;
}

/** POST {upload_host}: the OSS PostObject form; 200 with an empty body on success [SDK oss_utils]. */
function ossUpload(emu, ctx, buf) {
	const fields = parseForm(buf, ctx.req.headers['content-type']);
	const text = (name) => fields && fields[name] && fields[name].value.toString('utf8');
	if (!fields || !fields.file)
		return emu._sendXml(
			ctx,
			400,
			'InvalidArgument',
			'The body of your POST request is not well-formed multipart/form-data.',
		);
	const policy = emu.policies.get(text('policy'));
	if (
		!policy ||
		text('Signature') !== sign(text('policy')) ||
		text('OSSAccessKeyId') !== 'LTAI-emulator'
	)
		return emu._sendXml(
			ctx,
			403,
			'SignatureDoesNotMatch',
			'The request signature we calculated does not match the signature you provided.',
		);
	if (Date.now() >= policy.expiresAt)
		return emu._sendXml(ctx, 403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
	const key = text('key') || '';
	if (!key.startsWith(`${policy.dir}/`))
		return emu._sendXml(
			ctx,
			403,
			'AccessDenied',
			'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", ...]',
		);
	const bytes = fields.file.value;
	if (bytes.length > policy.maxBytes)
		return emu._sendXml(
			ctx,
			400,
			'EntityTooLarge',
			'Your proposed upload exceeds the maximum allowed size.',
		);
	if (emu.uploads.has(key) && text('x-oss-forbid-overwrite') === 'true')
		return emu._sendXml(
			ctx,
			409,
			'FileAlreadyExists',
			'The object you specified already exists and can not be overwritten.',
		);
	emu.uploads.set(key, {
		key,
		model: policy.model,
		bytes,
		mime: text('x-oss-content-type') || fields.file.type,
		expiresAt: Date.now() + UPLOAD_TTL_MS,
	});
	emu._counters.uploads = (emu._counters.uploads || 0) + 1;
	const status = Number(text('success_action_status')) === 201 ? 201 : 200;
	emu._writeHead(ctx, status, { 'content-length': 0, 'x-oss-request-id': ctx.requestId });
	ctx.res.end();
}

/**
 * An `oss://` URL → `{file}`, or `{content}`: the task fails when the object is unknown, older than
 * 48 h or was uploaded for another model [D S9 binding; the code is I].
 */
function resolveOss(emu, url, model, where) {
	const file = emu.uploads.get(url.slice('oss://'.length));
	if (file && Date.now() < file.expiresAt && file.model === model) return { file };
	return {
		content: {
			code: 'InvalidParameter.FileDownload',
			message: `${where}: the oss:// file is unknown, expired or was uploaded for another model`,
		},
	};
}

/** The image models' `oss://` reference images (`input.messages[0].content[].image`), resolved. */
function unresolvedImages(emu, body) {
	const content = body?.input?.messages?.[0]?.content;
	for (const [i, item] of (Array.isArray(content) ? content : []).entries()) {
		const url = item && item.image;
		if (typeof url !== 'string' || !url.startsWith('oss://')) continue;
		const found = resolveOss(emu, url, body.model, `input.messages[0].content[${i}]`);
		if (found.content) return found.content;
	}
	return undefined;
}

module.exports = { getPolicy, ossUpload, parseForm, resolveOss, unresolvedImages, UPLOAD_TTL_MS };
