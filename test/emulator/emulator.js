'use strict';
/**
 * Local DashScope emulator for the Wan image models: wan2.6-image, wan2.7-image(-pro), wan2.6-t2i
 * (see README.md next to this file).
 * Plain CommonJS, Node standard library only.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { validateRequest, cpLength } = require('./validate');
const { MODELS, SUBMITS_PER_SECOND } = require('./models');
const { FaultQueue, compileMatch } = require('./faults');
const { resolveError } = require('./errors');
const { PngCache, colourFor } = require('./png');
const { DEFAULT_VARIANTS, mergeVariants, queuedStart } = require('./variants');
const video = require('./video');

const DEFAULT_MODEL = 'wan2.6-image';
const HOUR = 3600 * 1000;
const IMAGE_TOKENS = 124; // output_tokens added per image in the documented Java stream example (417 → 541)
const RATE_MESSAGE = 'Requests rate limit exceeded, please try again later.';

const DEFAULTS = Object.freeze({
	host: '127.0.0.1',
	port: 0,
	apiKey: 'sk-emulator-test',
	models: [DEFAULT_MODEL, ...Object.keys(MODELS)],
	workspace: null,
	// Where the emulated account lives: per-model submission limits follow it (wan2.6-t2i, Beijing: 1/s).
	region: 'cn-beijing',
	taskTimings: { pendingMs: 200, runningMs: 800, syncMs: 100, sseFrameMs: 5, byPrompt: [] },
	// Task timings and fault delays run at this fraction of their configured length (tests run the
	// node's back-off alike). Rate windows and link lifetimes keep real time: the node's own gates
	// pace it in real time, and a shorter window would accept what DashScope refuses.
	timeScale: 1,
	resultTtlMs: 24 * HOUR,
	taskTtlMs: 24 * HOUR,
	limits: { submitPerSecond: 5, runningTasks: 5, queriesPerSecond: 20, countSync: true },
	strictLengths: false,
	requireJsonContentType: true,
	rejectAuthorizationOnResults: false,
	maxBodyBytes: 50 * 1024 * 1024,
	maxImageBytes: 10 * 1024 * 1024,
	imageScale: 0.125,
	// Bytes of each result MP4 (its mdat padded to it); 0: the smallest valid file.
	videoBytes: 0,
	// Whether oss:// reference images of the image models must exist in the temporary upload.
	resolveImageUploads: false,
	maxRecordedRequests: 50000,
	recordBodies: true,
	publicUrl: null,
	randomSeed: null,
	log: false,
	// Readings of behaviours the docs leave open (variants.js).
	variants: DEFAULT_VARIANTS,
});

const clone = (v) => JSON.parse(JSON.stringify(v));

/** Merge a config patch into a config (taskTimings and limits are merged one level deep). */
function mergeConfig(base, patch = {}) {
	const out = { ...base, taskTimings: { ...base.taskTimings }, limits: { ...base.limits } };
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) continue;
		if (k === 'taskTimings') Object.assign(out.taskTimings, v);
		else if (k === 'limits') {
			if (v === false || v === null)
				out.limits = {
					submitPerSecond: 0,
					runningTasks: 0,
					queriesPerSecond: 0,
					countSync: out.limits.countSync,
				};
			else Object.assign(out.limits, v);
		} else if (k === 'variants') out.variants = mergeVariants(base.variants, v);
		else if (k === 'models' || k === 'model') {
			const list = Array.isArray(v) ? v : [v];
			out.models = Array.from(
				new Set([
					DEFAULT_MODEL,
					...Object.keys(MODELS),
					...list.filter((m) => typeof m === 'string' && m),
				]),
			);
		} else out[k] = v;
	}
	for (const key of ['pendingMs', 'runningMs', 'syncMs', 'sseFrameMs']) {
		const n = Number(out.taskTimings[key]);
		if (!Number.isFinite(n) || n < 0) throw new Error(`taskTimings.${key} must be a number >= 0`);
		out.taskTimings[key] = n;
	}
	if (!Array.isArray(out.taskTimings.byPrompt))
		throw new Error('taskTimings.byPrompt must be an array');
	if (!(Number(out.timeScale) > 0) || !Number.isFinite(Number(out.timeScale)))
		throw new Error('timeScale must be a number > 0');
	out.timeScale = Number(out.timeScale);
	return out;
}

/** Task time fields: `YYYY-MM-DD HH:mm:ss.SSS`, UTC+8, no zone suffix [D S1]. */
function formatTaskTime(ms) {
	return new Date(ms + 8 * HOUR).toISOString().replace('T', ' ').slice(0, 23);
}

/** Sliding one-second window with a cap (limit <= 0 disables it). */
class RateWindow {
	constructor() {
		this.hits = [];
	}
	allow(limit, now) {
		if (!(limit > 0)) return true;
		const hits = this.hits;
		while (hits.length && now - hits[0] >= 1000) hits.shift();
		if (hits.length >= limit) return false;
		hits.push(now);
		return true;
	}
	clear() {
		this.hits.length = 0;
	}
}

function fnvBase36(str) {
	let h = 0x811c9dc5;
	for (let i = 0; i < str.length; i++) {
		h ^= str.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(36);
}

/** Split generated text into small deltas (words, long words cut into 4-character pieces). */
function toPieces(text) {
	const out = [];
	for (const word of text.match(/\s*\S+/g) || [text]) {
		const cps = Array.from(word);
		if (cps.length <= 8) out.push(word);
		else for (let i = 0; i < cps.length; i += 4) out.push(cps.slice(i, i + 4).join(''));
	}
	return out;
}

function interleaveTexts(prompt, k) {
	const cps = Array.from(prompt.replace(/\s+/g, ' ').trim());
	const excerpt = cps.length > 40 ? `${cps.slice(0, 40).join('')}…` : cps.join('');
	if (k === 1) return [`Here is an illustration of "${excerpt}".`];
	const texts = [];
	for (let i = 1; i <= k; i++) {
		if (i === 1)
			texts.push(
				`Here is a ${k}-step illustrated answer to "${excerpt}". Step 1: we set the scene and gather what we need.`,
			);
		else if (i === k)
			texts.push(`Step ${i}: finally, everything comes together in the finished result.`);
		else texts.push(`Step ${i}: the next stage builds on the previous picture and adds detail.`);
	}
	return texts;
}

class Task {
	constructor(emu, fields) {
		Object.defineProperty(this, 'emu', { value: emu, enumerable: false });
		Object.assign(this, fields);
	}
	/** Current status, computed from the clock (no timers). */
	get status() {
		return this.emu._statusOf(this, Date.now());
	}
	toJSON() {
		const { output, ...rest } = this;
		return { ...rest, status: this.status, imageCount: output.imageCount };
	}
}

class Emulator {
	constructor(options = {}) {
		this._config = mergeConfig(
			{ ...DEFAULTS, taskTimings: { ...DEFAULTS.taskTimings }, limits: { ...DEFAULTS.limits } },
			options,
		);
		this._compileRules();
		this.requests = [];
		this.tasks = new Map();
		this.results = new Map();
		this._faults = new FaultQueue(this._config.randomSeed);
		this._pngs = new PngCache();
		// Temporary uploads (video.js): objects by key, policies handed out by getPolicy.
		this.uploads = new Map();
		this.policies = new Map();
		this._accountDir = fnvBase36(this._config.apiKey);
		this._active = new Set();
		this._syncInflight = 0;
		this._timers = new Set();
		this._closed = false;
		this._seq = 0;
		this._resetCounters();
		this.server = http.createServer((req, res) => {
			this._handle(req, res).catch((err) => this._internalError(req, res, err));
		});
		this.server.keepAliveTimeout = 5000;
	}

	// ----------------------------------------------------------------- lifecycle

	listen() {
		const { port, host } = this._config;
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				const addr = this.server.address();
				this.port = addr.port;
				this.host = host;
				this.url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
				this.apiUrl = `${this.url}/api/v1`;
				resolve(this);
			});
		});
	}

	close() {
		if (this._closePromise) return this._closePromise;
		this._closed = true;
		for (const t of this._timers) {
			clearTimeout(t.handle);
			t.resolve();
		}
		this._timers.clear();
		this._closePromise = new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
		return this._closePromise;
	}

	/** Forget requests, tasks, results, faults and counters. Keeps the configuration. */
	reset() {
		this.requests.length = 0;
		this.tasks.clear();
		this.results.clear();
		this.uploads.clear();
		this.policies.clear();
		this._active.clear();
		this._faults.clear();
		this._resetCounters();
	}

	_resetCounters() {
		this._submitWindow = new RateWindow();
		this._modelWindows = new Map();
		this._queryWindow = new RateWindow();
		this._counters = {
			tasksCreated: 0,
			syncCalls: 0,
			sseStreams: 0,
			peakRunning: 0,
			overRunningLimit: 0,
			concurrentRequests: this._counters ? this._counters.concurrentRequests : 0,
			peakConcurrentRequests: 0,
			throttled: 0,
			throttledBy: { submitRate: 0, runningTasks: 0, queryRate: 0, fault: 0 },
			resultsServed: 0,
			resultsExpired: 0,
			resets: 0,
			byStatus: {},
		};
		if (this._faults) this._faults.fired = 0;
	}

	// ----------------------------------------------------------------- public helpers

	get config() {
		const c = clone({
			...this._config,
			taskTimings: { ...this._config.taskTimings, byPrompt: [] },
		});
		c.taskTimings.byPrompt = this._config.taskTimings.byPrompt.map((r) => ({
			...r,
			match:
				r.match instanceof RegExp
					? { regex: r.match.source, flags: r.match.flags }
					: typeof r.match === 'function'
						? '[function]'
						: r.match,
		}));
		if (typeof this._config.log === 'function') c.log = '[function]';
		return c;
	}

	/** Change configuration at run time (same shape as startEmulator options; host/port are ignored). */
	configure(patch = {}) {
		const { host, port, ...rest } = patch;
		this._config = mergeConfig(this._config, rest);
		this._compileRules();
		if (rest.randomSeed !== undefined) this._faults.random = new FaultQueue(rest.randomSeed).random;
		return this.config;
	}

	/** Queue one fault (or an array of faults). Returns a handle (or an array of handles). */
	fault(spec) {
		if (Array.isArray(spec)) return spec.map((s) => this._faults.add(s));
		return this._faults.add(spec);
	}

	clearFaults() {
		this._faults.clear();
	}

	get faults() {
		return this._faults.list();
	}

	stats() {
		const now = Date.now();
		const tasks = { PENDING: 0, RUNNING: 0, SUCCEEDED: 0, FAILED: 0, CANCELED: 0, UNKNOWN: 0 };
		for (const t of this.tasks.values()) tasks[this._statusOf(t, now)]++;
		const c = this._counters;
		return {
			requests: this._seq,
			recordedRequests: this.requests.length,
			tasksCreated: c.tasksCreated,
			syncCalls: c.syncCalls,
			sseStreams: c.sseStreams,
			tasks,
			running: this._inflight(now),
			peakRunning: c.peakRunning,
			overRunningLimit: c.overRunningLimit,
			concurrentRequests: c.concurrentRequests,
			peakConcurrentRequests: c.peakConcurrentRequests,
			throttled: c.throttled,
			throttledBy: { ...c.throttledBy },
			faultsFired: this._faults.fired,
			faultsPending: this._faults.faults.length,
			resultsServed: c.resultsServed,
			resultsExpired: c.resultsExpired,
			resets: c.resets,
			byStatus: { ...c.byStatus },
		};
	}

	// ----------------------------------------------------------------- internals: state

	_compileRules() {
		this._rules = this._config.taskTimings.byPrompt.map((r) => ({
			...r,
			predicate: compileMatch(r.match),
		}));
	}

	/** The timings for a prompt (first matching `byPrompt` rule, else the base), at `timeScale`. */
	_timingsFor(prompt) {
		const base = this._config.taskTimings;
		const rule = this._rules.find((r) => r.predicate && r.predicate({ prompt })) || {};
		const scaled = (key) => (rule[key] ?? base[key]) * this._config.timeScale;
		return {
			pendingMs: scaled('pendingMs'),
			runningMs: scaled('runningMs'),
			syncMs: scaled('syncMs'),
			sseFrameMs: scaled('sseFrameMs'),
		};
	}

	_statusOf(task, now) {
		if (now - task.submittedAt >= this._config.taskTtlMs) return 'UNKNOWN';
		if (task.canceledAt !== undefined) return 'CANCELED';
		if (now < task.scheduledAt) return 'PENDING';
		if (now < task.endAt) return 'RUNNING';
		return task.failure ? 'FAILED' : 'SUCCEEDED';
	}

	/** PENDING + RUNNING tasks (+ sync calls in progress when limits.countSync). */
	_inflight(now) {
		for (const t of this._active) {
			if (t.canceledAt !== undefined || now >= t.endAt) this._active.delete(t);
		}
		return this._active.size + (this._config.limits.countSync ? this._syncInflight : 0);
	}

	/** PENDING + RUNNING tasks of one model. */
	_inflightOf(model, now) {
		this._inflight(now); // drops the tasks that ended
		return [...this._active].filter((t) => t.model === model).length;
	}

	/**
	 * A create (or a counted sync call) that arrives while the account already holds its running
	 * tasks: counted whatever answers it (the limit's 429, or a rate or validation refusal first),
	 * so a test can tell "never tried more" from "tried and was refused".
	 */
	_countOverRunningLimit(now, counts) {
		const limit = this._config.limits.runningTasks;
		if (counts && limit > 0 && this._inflight(now) >= limit) this._counters.overRunningLimit++;
	}

	_sleep(ms) {
		if (!(ms > 0) || this._closed) return Promise.resolve();
		return new Promise((resolve) => {
			const t = { resolve };
			t.handle = setTimeout(() => {
				this._timers.delete(t);
				resolve();
			}, ms);
			this._timers.add(t);
		});
	}

	_resultUrl(id, expiresAt, ext = 'png') {
		const base = this._config.publicUrl || this.url;
		return `${base}/results/${id}.${ext}?Expires=${Math.ceil(expiresAt / 1000)}&OSSAccessKeyId=emulator&Signature=${fnvBase36(id)}`;
	}

	/**
	 * The "model output" for a validated request: an ordered list of text/image items.
	 * Image items are registered as downloadable results owned by `ownerId`.
	 */
	_generate(req, ownerId, { task = null, expiresAt }) {
		const items = [];
		const count = req.mode === 'interleave' ? req.maxImages : req.n;
		const texts = req.mode === 'interleave' ? interleaveTexts(req.prompt, count) : [];
		const w = Math.max(1, Math.round(req.size.width * this._config.imageScale));
		const h = Math.max(1, Math.round(req.size.height * this._config.imageScale));
		let textTokens = 0;
		for (let i = 0; i < count; i++) {
			if (texts[i]) {
				const pieces = toPieces(texts[i]);
				textTokens += pieces.length;
				items.push({ type: 'text', text: texts[i], pieces });
			}
			const id = `${ownerId}-${i}`;
			this.results.set(id, {
				id,
				ownerId,
				task,
				index: i,
				width: w,
				height: h,
				size: req.size,
				rgb: colourFor(req.prompt, i),
				expiresAt,
			});
			items.push({ type: 'image', id, url: this._resultUrl(id, expiresAt) });
		}
		const interleave = req.mode === 'interleave';
		const inputTokens = interleave ? Math.ceil(cpLength(req.prompt) / 3) + 8 : 0;
		const outputTokens = interleave ? textTokens + IMAGE_TOKENS * count : 0;
		return {
			items,
			imageCount: count,
			size: `${req.size.width}*${req.size.height}`,
			inputTokens,
			outputTokens,
		};
	}

	_usage(out) {
		return {
			image_count: out.imageCount,
			input_tokens: out.inputTokens,
			output_tokens: out.outputTokens,
			size: out.size,
			total_tokens: out.inputTokens + out.outputTokens,
		};
	}

	/** `choices[]`: one choice per image (edit) or one choice with alternating text/image (interleave). */
	_choices(mode, out) {
		if (mode === 'interleave') {
			const content = out.items.map((it) =>
				it.type === 'text' ? { type: 'text', text: it.text } : { type: 'image', image: it.url },
			);
			return [{ finish_reason: 'stop', message: { role: 'assistant', content } }];
		}
		return out.items.map((it) => ({
			finish_reason: 'stop',
			message: { role: 'assistant', content: [{ type: 'image', image: it.url }] },
		}));
	}

	// ----------------------------------------------------------------- internals: HTTP plumbing

	_log(line) {
		const log = this._config.log;
		if (typeof log === 'function') log(line);
		else if (log) process.stderr.write(`[dashscope-emulator] ${line}\n`);
	}

	_record(req, url, kind) {
		const headers = {};
		for (const [k, v] of Object.entries(req.headers)) if (k !== 'authorization') headers[k] = v;
		const rec = {
			id: ++this._seq,
			time: Date.now(),
			kind,
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers,
			auth: this._authState(req),
			body: undefined,
			status: null,
			faults: [],
		};
		const max = this._config.maxRecordedRequests;
		if (max > 0) {
			this.requests.push(rec);
			if (this.requests.length > max) this.requests.splice(0, this.requests.length - max);
		}
		return rec;
	}

	/** Whether a Bearer key was sent, and whether it matched. The key itself is never stored. */
	_authState(req) {
		const h = req.headers.authorization;
		if (!h) return { present: false, valid: false };
		const m = /^Bearer\s+(.+)$/i.exec(h);
		return { present: true, valid: Boolean(m) && m[1].trim() === this._config.apiKey };
	}

	_readBody(req) {
		const max = this._config.maxBodyBytes;
		return new Promise((resolve) => {
			const chunks = [];
			let size = 0;
			let tooLarge = false;
			req.on('data', (c) => {
				size += c.length;
				if (size > max) tooLarge = true;
				else chunks.push(c);
			});
			req.on('end', () =>
				resolve({ buf: tooLarge ? null : Buffer.concat(chunks, size), tooLarge, size }),
			);
			req.on('error', () => resolve({ buf: null, aborted: true, size }));
		});
	}

	_countStatus(status) {
		const k = String(status);
		this._counters.byStatus[k] = (this._counters.byStatus[k] || 0) + 1;
	}

	_writeHead(ctx, status, headers) {
		ctx.rec.status = status;
		this._countStatus(status);
		if (status === 429) this._counters.throttled++;
		ctx.res.writeHead(status, headers);
	}

	_destroy(ctx) {
		ctx.rec.status = 'reset';
		this._counters.resets++;
		const s = ctx.req.socket;
		if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
		else s.destroy();
	}

	/** Send a JSON body, applying a response-level terminal fault (malformed / truncate / resetAfterCreate). */
	_sendJson(ctx, status, obj, extraHeaders) {
		if (ctx.res.destroyed || ctx.res.headersSent) return;
		const t = ctx.terminal;
		let text = JSON.stringify(obj);
		const headers = {
			'content-type': 'application/json',
			'x-request-id': ctx.requestId,
			...extraHeaders,
		};
		if (t && t.kind === 'resetAfterCreate') return this._destroy(ctx);
		if (t && t.kind === 'malformed') {
			text =
				typeof t.body === 'string'
					? t.body
					: text.slice(0, Math.max(1, Math.floor(text.length / 2)));
			if (t.status) status = t.status;
		}
		const buf = Buffer.from(text);
		if (t && t.kind === 'truncate') {
			this._writeHead(ctx, status, { ...headers, 'content-length': buf.length });
			ctx.res.write(buf.subarray(0, Math.floor(buf.length / 2)));
			return setImmediate(() => this._destroy(ctx));
		}
		this._writeHead(ctx, status, { ...headers, 'content-length': buf.length });
		ctx.res.end(buf);
	}

	/** DashScope error envelope {code, message, request_id}. */
	_sendError(ctx, err, fromFault = false) {
		const e = resolveError(err);
		if (e.status === 429) {
			if (fromFault) this._counters.throttledBy.fault++;
		}
		this._sendJson(ctx, e.status, { code: e.code, message: e.message, request_id: ctx.requestId });
	}

	_throttle(ctx, which) {
		this._counters.throttledBy[which]++;
		this._sendJson(ctx, 429, {
			code: 'Throttling.RateQuota',
			message: RATE_MESSAGE,
			request_id: ctx.requestId,
		});
	}

	_sendXml(ctx, status, code, message, extra = '') {
		if (ctx.res.destroyed || ctx.res.headersSent) return;
		const xml =
			'<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
			`  <Code>${code}</Code>\n  <Message>${message}</Message>\n` +
			`  <RequestId>${ctx.requestId.replace(/-/g, '').slice(0, 24).toUpperCase()}</RequestId>\n` +
			`  <HostId>${ctx.req.headers.host || '127.0.0.1'}</HostId>\n${extra}</Error>\n`;
		this._writeHead(ctx, status, {
			'content-type': 'application/xml',
			'content-length': Buffer.byteLength(xml),
			'x-oss-request-id': ctx.requestId,
		});
		ctx.res.end(xml);
	}

	_internalError(req, res, err) {
		this._log(`internal error: ${err && err.stack}`);
		if (res.headersSent || res.destroyed) {
			res.destroy();
			return;
		}
		const body = JSON.stringify({
			code: 'InternalError',
			message: `emulator bug: ${err && err.message}`,
			request_id: randomUUID(),
		});
		res.writeHead(500, { 'content-type': 'application/json' });
		res.end(body);
	}

	/**
	 * Pick faults for this request, apply `slow` delays and the terminals that replace the whole
	 * answer (status / reset). Returns false when the request has been answered.
	 */
	async _applyFaults(ctx, phase, info, { xml = false } = {}) {
		const { modifiers, terminal } = this._faults.take(phase, info);
		ctx.modifiers = modifiers;
		ctx.terminal = terminal;
		for (const f of modifiers) ctx.rec.faults.push(f.kind);
		if (terminal) ctx.rec.faults.push(terminal.kind);
		const delay = modifiers.reduce((sum, f) => sum + (f.kind === 'slow' ? f.delayMs : 0), 0);
		if (delay > 0) await this._sleep(delay * this._config.timeScale);
		if (this._closed || ctx.res.destroyed) return false;
		if (!terminal) return true;
		if (terminal.kind === 'status') {
			if (xml) {
				const e = resolveError(terminal, 500);
				this._sendXml(
					ctx,
					e.status,
					terminal.code || (e.status === 403 ? 'AccessDenied' : 'InternalError'),
					terminal.message || 'Emulated OSS error.',
				);
			} else this._sendError(ctx, terminal, true);
			return false;
		}
		if (terminal.kind === 'reset') {
			this._destroy(ctx);
			return false;
		}
		return true;
	}

	_modifier(ctx, kind) {
		return ctx.modifiers && ctx.modifiers.find((f) => f.kind === kind);
	}

	// ----------------------------------------------------------------- routing

	async _handle(req, res) {
		const c = this._counters;
		c.concurrentRequests++;
		if (c.concurrentRequests > c.peakConcurrentRequests)
			c.peakConcurrentRequests = c.concurrentRequests;
		res.on('close', () => {
			this._counters.concurrentRequests--;
		});
		const url = new URL(req.url, 'http://emulator');
		const path = url.pathname;
		if (path.startsWith('/__emulator/')) return this._control(req, res, url);

		let kind = 'other';
		let taskId;
		const m = /^\/api\/v1\/tasks\/([^/]+)(\/cancel)?\/?$/.exec(path);
		if (path === '/api/v1/services/aigc/multimodal-generation/generation')
			kind = req.method === 'POST' ? 'sync' : 'other';
		else if (path === '/api/v1/services/aigc/image-generation/generation')
			kind = req.method === 'POST' ? 'create' : 'other';
		else if (m && !m[2] && req.method === 'GET')
			((kind = 'poll'), (taskId = decodeURIComponent(m[1])));
		else if (m && m[2] && req.method === 'POST')
			((kind = 'cancel'), (taskId = decodeURIComponent(m[1])));
		else if (/^\/results\//.test(path) && (req.method === 'GET' || req.method === 'HEAD'))
			kind = 'result';
		else if (video.videoRoute(req.method, path)) kind = video.videoRoute(req.method, path);

		const rec = this._record(req, url, kind);
		if (taskId) rec.taskId = taskId;
		const ctx = { req, res, url, rec, requestId: randomUUID(), modifiers: [], terminal: null };
		ctx.video = kind === 'create' && video.isVideoPath(path);
		const t0 = Date.now();
		res.on('close', () => {
			rec.durationMs = Date.now() - t0;
			if (rec.status === null) rec.status = 'aborted';
			this._log(
				`${req.method} ${path} → ${rec.status}${rec.faults.length ? ` [${rec.faults.join(',')}]` : ''}`,
			);
		});

		if (kind === 'result') {
			// Pre-signed download: no Authorization required. Drain any body.
			req.resume();
			return this._result(ctx);
		}

		if (kind === 'ossUpload') {
			// The OSS form upload carries its policy and signature, not the API key.
			const r = await this._readBody(req);
			if (r.aborted) return;
			if (!(await this._applyFaults(ctx, 'oss', {}, { xml: true }))) return;
			if (r.tooLarge)
				return this._sendXml(
					ctx,
					400,
					'EntityTooLarge',
					'Your proposed upload exceeds the maximum allowed size.',
				);
			return video.ossUpload(this, ctx, r.buf);
		}

		const needsBody = kind === 'sync' || kind === 'create';
		let body;
		if (needsBody) {
			const r = await this._readBody(req);
			if (r.aborted) return;
			if (r.tooLarge) return this._sendError(ctx, { code: 'BadRequest.TooLarge' });
			const text = r.buf.toString('utf8');
			if (text.length) {
				try {
					body = JSON.parse(text);
					ctx.bodyOk = true;
				} catch {
					ctx.bodyOk = false;
				}
			} else ctx.bodyOk = false;
			if (this._config.recordBodies)
				rec.body = ctx.bodyOk ? body : text.length > 4096 ? `${text.slice(0, 4096)}…` : text;
		} else req.resume();

		if (!path.startsWith('/api/v1/')) return this._sendError(ctx, { code: 'NotFound' });

		// Authentication [D S8]: 401 InvalidApiKey, "No API-key provided." / "Invalid API-key provided."
		if (!rec.auth.present)
			return this._sendError(ctx, { code: 'InvalidApiKey', message: 'No API-key provided.' });
		if (!rec.auth.valid)
			return this._sendError(ctx, { code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
		const ws = this._config.workspace;
		if (ws && req.headers['x-dashscope-workspace'] !== ws)
			return this._sendError(ctx, { code: 'Workspace.AccessDenied' });

		if (kind === 'other')
			return this._sendError(ctx, {
				code: 'NotFound',
				message: `No route for ${req.method} ${path}`,
			});

		if (needsBody) {
			if (
				this._config.requireJsonContentType &&
				!/application\/json/i.test(req.headers['content-type'] || '')
			) {
				return this._sendError(ctx, {
					code: 'InvalidParameter',
					message: 'Content-Type must be application/json',
				});
			}
			if (!ctx.bodyOk)
				return this._sendError(ctx, {
					code: 'InvalidParameter',
					message: 'The request body is not valid JSON',
				});
		}
		if (kind === 'sync') return this._sync(ctx, body);
		if (kind === 'create') return this._create(ctx, body);
		if (kind === 'poll') return this._poll(ctx, taskId);
		if (kind === 'upload') {
			const model = url.searchParams.get('model') || undefined;
			if (!(await this._applyFaults(ctx, 'upload', { model }))) return;
			return video.getPolicy(this, ctx);
		}
		return this._cancel(ctx, taskId);
	}

	// ----------------------------------------------------------------- endpoints

	_faultInfo(body, extra = {}) {
		let prompt;
		try {
			const content = body.input.messages[0].content;
			const t = content.find((c) => c && typeof c.text === 'string');
			prompt = t && t.text;
		} catch {
			prompt =
				body && body.input && typeof body.input.prompt === 'string' ? body.input.prompt : undefined;
		}
		const interleave = Boolean(
			body && body.parameters && body.parameters.enable_interleave === true,
		);
		return {
			prompt,
			model: body && body.model,
			mode: interleave ? 'interleave' : 'edit',
			...extra,
		};
	}

	_validate(ctx, body, endpoint) {
		const v = validateRequest(body, {
			endpoint,
			headers: ctx.req.headers,
			models: new Set(this._config.models),
			strictLengths: this._config.strictLengths,
			maxImageBytes: this._config.maxImageBytes,
			variants: this._config.variants,
		});
		if (v.error) this._sendError(ctx, v.error);
		// oss:// reference images (with the resolve header) must have been uploaded for this model,
		// when the option says so (off by default: the image tests send oss:// URLs never uploaded).
		else if (!v.contentError && this._config.resolveImageUploads)
			v.contentError = video.unresolvedImages(this, body);
		return v;
	}

	/** A model's own submission limit in the configured region (§6.1); true when the call may go. */
	_modelAllows(body, now) {
		const limits = this._config.limits;
		const model = body && typeof body.model === 'string' ? body.model : '';
		const rate =
			limits.submitPerSecond > 0
				? (SUBMITS_PER_SECOND[model] || {})[this._config.region]
				: undefined;
		if (!rate) return true;
		if (!this._modelWindows.has(model)) this._modelWindows.set(model, new RateWindow());
		return this._modelWindows.get(model).allow(rate, now);
	}

	async _create(ctx, body) {
		// [D S1,S2] the async path without X-DashScope-Async; code AccessDenied per 3P tables.
		if (String(ctx.req.headers['x-dashscope-async'] || '').toLowerCase() !== 'enable') {
			return this._sendError(ctx, {
				status: 403,
				code: 'AccessDenied',
				message: 'current user api does not support synchronous calls',
			});
		}
		if (!(await this._applyFaults(ctx, 'create', this._faultInfo(body)))) return;
		const now = Date.now();
		this._countOverRunningLimit(now, true);
		if (!this._submitWindow.allow(this._config.limits.submitPerSecond, now))
			return this._throttle(ctx, 'submitRate');
		if (!this._modelAllows(body, now)) return this._throttle(ctx, 'submitRate');
		const v = ctx.video ? video.validateVideo(this, ctx, body) : this._validate(ctx, body, 'async');
		if (v.error) return ctx.video ? this._sendError(ctx, v.error) : undefined;
		const limit = this._config.limits.runningTasks;
		const inflight = this._inflight(now);
		const queue = this._config.variants.overLimitCreate === 'queue';
		if (limit > 0 && inflight >= limit && !queue) return this._throttle(ctx, 'runningTasks');
		// A model's own running limit (kf2v: 2, videoModels.js) refuses the same way; not queued.
		const modelLimit = ctx.video ? video.modelRunningLimit(body.model) : undefined;
		if (modelLimit && this._inflightOf(body.model, now) >= modelLimit)
			return this._throttle(ctx, 'runningTasks');

		const req = v.request;
		const timings = this._timingsFor(req.prompt);
		const id = randomUUID();
		const ends = queue ? [...this._active].map((t) => t.endAt) : [];
		const scheduledAt = queuedStart(ends, limit, now + timings.pendingMs);
		const endAt = scheduledAt + timings.runningMs;
		const failMod = this._modifier(ctx, 'fail');
		let failure = null;
		if (failMod) {
			const e = resolveError({ code: failMod.code || 'InternalError', message: failMod.message });
			failure = {
				code: e.code,
				message: e.message,
				where: failMod.where === 'top' ? 'top' : 'output',
			};
		} else if (v.contentError) failure = { ...v.contentError, where: 'output' };
		const expiresAt = this._modifier(ctx, 'expire') ? endAt : endAt + this._config.resultTtlMs;
		if (ctx.video) {
			const task = new Task(this, {
				id,
				requestId: ctx.requestId,
				model: req.model,
				mode: 'video',
				prompt: req.prompt,
				promptTruncated: req.promptTruncated,
				submittedAt: now,
				scheduledAt,
				endAt,
				canceledAt: undefined,
				failure,
				video: req,
				output: { imageCount: 0, url: this._resultUrl(id, expiresAt, 'mp4') },
			});
			const frame = video.videoFrame(req);
			req.frame = frame;
			this.results.set(id, {
				id,
				ownerId: id,
				task,
				video: { ...frame, seconds: req.duration },
				expiresAt,
			});
			return await this._acceptTask(ctx, task, inflight);
		}
		const task = new Task(this, {
			id,
			requestId: ctx.requestId,
			model: req.model,
			mode: req.mode,
			prompt: req.prompt,
			promptTruncated: req.promptTruncated,
			negativePrompt: req.negativePrompt,
			n: req.n,
			maxImages: req.maxImages,
			thinkingMode: req.thinkingMode,
			size: `${req.size.width}*${req.size.height}`,
			seed: req.seed,
			inputImages: req.images.length,
			submittedAt: now,
			scheduledAt,
			endAt,
			canceledAt: undefined,
			failure,
			output: null,
		});
		task.output = this._generate(req, id, { task, expiresAt });
		await this._acceptTask(ctx, task, inflight);
	}

	/** Registers a created task and answers PENDING (after delayMs with slowAfterCreate). */
	async _acceptTask(ctx, task, inflight) {
		const id = task.id;
		this.tasks.set(id, task);
		this._active.add(task);
		this._counters.tasksCreated++;
		if (inflight + 1 > this._counters.peakRunning) this._counters.peakRunning = inflight + 1;
		ctx.rec.taskId = id;
		const held = this._modifier(ctx, 'slowAfterCreate');
		if (held) await this._sleep(held.delayMs);
		if (this._closed || ctx.res.destroyed) return;
		this._sendJson(ctx, 200, {
			output: { task_status: 'PENDING', task_id: id },
			request_id: ctx.requestId,
		});
	}

	_taskBody(task, ctx, now) {
		const status = this._statusOf(task, now);
		const out = { task_id: task.id, task_status: status };
		if (status === 'UNKNOWN') return { request_id: ctx.requestId, output: out };
		out.submit_time = formatTaskTime(task.submittedAt);
		if (status === 'CANCELED') {
			out.end_time = formatTaskTime(task.canceledAt);
			return { request_id: ctx.requestId, output: out };
		}
		if (status === 'PENDING') return { request_id: ctx.requestId, output: out };
		out.scheduled_time = formatTaskTime(task.scheduledAt);
		if (status === 'RUNNING') return { request_id: ctx.requestId, output: out };
		out.end_time = formatTaskTime(task.endAt);
		if (status === 'FAILED') {
			const f = task.failure;
			if (f.where === 'top')
				return {
					request_id: ctx.requestId,
					output: out,
					code: f.code,
					message: f.message,
					usage: { image_count: 0 },
				};
			out.code = f.code;
			out.message = f.message;
			return { request_id: ctx.requestId, output: out, usage: { image_count: 0 } };
		}
		if (task.video) {
			const { out: fields, usage } = video.videoOutput(task, task.output.url);
			return { request_id: ctx.requestId, output: { ...out, ...fields }, usage };
		}
		out.finished = true;
		out.choices = this._choices(task.mode, task.output);
		return { request_id: ctx.requestId, output: out, usage: this._usage(task.output) };
	}

	async _poll(ctx, id) {
		const task = this.tasks.get(id);
		const info = {
			taskId: id,
			prompt: task && task.prompt,
			mode: task && task.mode,
			model: task && task.model,
		};
		if (!(await this._applyFaults(ctx, 'poll', info))) return;
		const now = Date.now();
		if (!this._queryWindow.allow(this._config.limits.queriesPerSecond, now))
			return this._throttle(ctx, 'queryRate');
		if (!task || (ctx.terminal && ctx.terminal.kind === 'unknown')) {
			return this._sendJson(ctx, 200, {
				request_id: ctx.requestId,
				output: { task_id: id, task_status: 'UNKNOWN' },
			});
		}
		this._sendJson(ctx, 200, this._taskBody(task, ctx, now));
	}

	async _cancel(ctx, id) {
		const task = this.tasks.get(id);
		if (
			!(await this._applyFaults(ctx, 'cancel', {
				taskId: id,
				prompt: task && task.prompt,
				mode: task && task.mode,
			}))
		)
			return;
		const now = Date.now();
		if (!task || this._statusOf(task, now) !== 'PENDING') {
			// [D S7; recorded: test/fixtures/dashscope/cancel-not-pending-400.json] cancel of a non-PENDING task.
			return this._sendError(ctx, {
				status: 400,
				code: 'UnsupportedOperation',
				message: 'Failed to cancel the task, please confirm if the task is in PENDING status.',
			});
		}
		task.canceledAt = now;
		this._active.delete(task);
		this._sendJson(ctx, 200, { request_id: ctx.requestId });
	}

	async _sync(ctx, body) {
		if (
			!(await this._applyFaults(
				ctx,
				'sync',
				this._faultInfo(body, {
					sse: String(ctx.req.headers['x-dashscope-sse'] || '').toLowerCase() === 'enable',
				}),
			))
		) {
			return;
		}
		const now = Date.now();
		const limits = this._config.limits;
		this._countOverRunningLimit(now, limits.countSync);
		if (limits.countSync && !this._submitWindow.allow(limits.submitPerSecond, now))
			return this._throttle(ctx, 'submitRate');
		if (limits.countSync && !this._modelAllows(body, now)) return this._throttle(ctx, 'submitRate');
		const v = this._validate(ctx, body, 'sync');
		if (v.error) return;
		const inflight = this._inflight(now);
		if (limits.countSync && limits.runningTasks > 0 && inflight >= limits.runningTasks)
			return this._throttle(ctx, 'runningTasks');

		this._syncInflight++;
		if (limits.countSync && inflight + 1 > this._counters.peakRunning)
			this._counters.peakRunning = inflight + 1;
		let released = false;
		const release = () => {
			if (!released) ((released = true), this._syncInflight--);
		};
		ctx.res.on('close', release);
		this._counters.syncCalls++;

		const req = v.request;
		const timings = this._timingsFor(req.prompt);
		const expiresAt = this._modifier(ctx, 'expire')
			? Date.now()
			: Date.now() + timings.syncMs + this._config.resultTtlMs;
		const failMod = this._modifier(ctx, 'fail');
		const failure = failMod
			? resolveError({
					code: failMod.code || 'InternalError',
					message: failMod.message,
					status: failMod.status,
				})
			: v.contentError
				? resolveError(v.contentError)
				: null;

		if (req.mode === 'interleave')
			return this._stream(ctx, req, timings, expiresAt, failure, release);

		await this._sleep(timings.syncMs);
		if (this._closed || ctx.res.destroyed) return release();
		if (failure) {
			release();
			return this._sendError(ctx, failure);
		}
		const out = this._generate(req, ctx.requestId, { expiresAt });
		release();
		this._sendJson(ctx, 200, {
			output: { choices: this._choices(req.mode, out), finished: true },
			usage: this._usage(out),
			request_id: ctx.requestId,
		});
	}

	/** SSE (interleave): text deltas, each image whole, cumulative usage, "null" → "stop". §4. */
	async _stream(ctx, req, timings, expiresAt, failure, release) {
		const { res } = ctx;
		const t = ctx.terminal;
		this._counters.sseStreams++;
		const out = this._generate(req, ctx.requestId, { expiresAt });
		const inputTokens = out.inputTokens;
		const frames = [];
		let outTokens = 0;
		let images = 0;
		const sizeNow = () => (images ? out.size : '0*0');
		for (const it of out.items) {
			if (it.type === 'text') {
				for (const piece of it.pieces) {
					outTokens++;
					frames.push({
						content: { type: 'text', text: piece },
						images,
						outTokens,
						size: sizeNow(),
					});
				}
			} else {
				images++;
				outTokens += IMAGE_TOKENS;
				frames.push({
					content: { type: 'image', image: it.url },
					images,
					outTokens,
					size: sizeNow(),
				});
			}
		}
		const total = frames.length;
		const frameText = (i, payload) => {
			const f = frames[i];
			const last = i === total - 1;
			const data =
				payload ??
				JSON.stringify({
					output: {
						choices: [
							{
								message: { content: [f.content], role: 'assistant' },
								finish_reason: last ? 'stop' : 'null',
							},
						],
						finished: last,
					},
					usage: {
						input_tokens: inputTokens,
						output_tokens: f.outTokens,
						total_tokens: inputTokens + f.outTokens,
						image_count: f.images,
						size: f.size,
					},
					request_id: ctx.requestId,
				});
			return `id:${i + 1}\nevent:result\n:HTTP_STATUS/200\ndata:${data}\n\n`;
		};
		const errorFrame = (n, e) =>
			`id:${n}\nevent:error\n:HTTP_STATUS/${e.status}\ndata:${JSON.stringify({ request_id: ctx.requestId, code: e.code, message: e.message })}\n\n`;

		// Plan: how many normal frames, then what.
		let stopAfter = total; // frames to send
		let tail = null; // 'error' | 'cut' | 'abrupt'
		let errorSpec = null;
		let malformedAt = -1;
		if (t && t.kind === 'sseError') {
			errorSpec = resolveError({
				status: t.status ?? 429,
				code: t.code ?? 'Throttling.AllocationQuota',
				message: t.message,
			});
			stopAfter = Math.min(total, t.afterFrames ?? 0);
			tail = 'error';
		} else if (failure) {
			// Output moderation / model failure discovered mid-stream: some text, then event:error.
			errorSpec = failure;
			stopAfter = Math.min(total, Math.max(0, Math.floor(total / 2)));
			tail = 'error';
		} else if (t && t.kind === 'truncate') {
			stopAfter = Math.max(0, Math.min(total - 1, t.afterFrames ?? total - 1));
			tail = t.abrupt ? 'abrupt' : 'cut';
		} else if (t && t.kind === 'malformed') {
			malformedAt = Math.min(total - 1, t.afterFrames ?? 0);
		}

		const headers = {
			'content-type': 'text/event-stream;charset=UTF-8',
			'cache-control': 'no-cache',
			'x-request-id': ctx.requestId,
		};
		await this._sleep(timings.syncMs);
		if (this._closed || res.destroyed) return release();
		if (tail === 'abrupt' && stopAfter === 0) {
			release();
			return this._destroy(ctx);
		}
		const inStream = this._config.variants.sseErrorStatus === 'inStream';
		this._writeHead(
			ctx,
			tail === 'error' && stopAfter === 0 && !inStream ? errorSpec.status : 200,
			headers,
		);
		if (typeof res.flushHeaders === 'function') res.flushHeaders();
		for (let i = 0; i < stopAfter; i++) {
			if (i > 0 && timings.sseFrameMs > 0) {
				await this._sleep(timings.sseFrameMs);
				if (this._closed || res.destroyed) return release();
			}
			const broken = i === malformedAt ? frameText(i).split('\n')[3].slice(5, 40) : undefined;
			res.write(broken !== undefined ? frameText(i, broken) : frameText(i));
		}
		release();
		if (tail === 'error') {
			if (stopAfter > 0 && timings.sseFrameMs > 0) await this._sleep(timings.sseFrameMs);
			if (res.destroyed) return;
			res.end(errorFrame(stopAfter + 1, errorSpec));
			return;
		}
		if (tail === 'abrupt') return this._destroy(ctx);
		res.end();
	}

	async _result(ctx) {
		const m = /^\/results\/([A-Za-z0-9_-]+)\.(png|mp4)$/.exec(ctx.url.pathname);
		const rec = m ? this.results.get(m[1]) : undefined;
		const owner = rec && (rec.task || null);
		if (
			!(await this._applyFaults(
				ctx,
				'result',
				{ prompt: owner ? owner.prompt : undefined, taskId: rec && rec.ownerId },
				{ xml: true },
			))
		)
			return;
		const now = Date.now();
		if (this._config.rejectAuthorizationOnResults && ctx.req.headers.authorization) {
			return this._sendXml(ctx, 400, 'InvalidArgument', 'Authorization header is invalid.');
		}
		if (!rec || (owner && this._statusOf(owner, now) !== 'SUCCEEDED')) {
			return this._sendXml(
				ctx,
				404,
				'NoSuchKey',
				'The specified key does not exist.',
				`  <Key>${m ? `${m[1]}.${m[2]}` : ''}</Key>\n`,
			);
		}
		if (!ctx.url.searchParams.has('Expires')) {
			return this._sendXml(
				ctx,
				403,
				'AccessDenied',
				'You have no right to access this object because of bucket acl.',
			);
		}
		const t = ctx.terminal;
		if (now >= rec.expiresAt || (t && t.kind === 'expire')) {
			this._counters.resultsExpired++;
			const exp = new Date(Math.min(rec.expiresAt, now)).toISOString().replace(/\.\d+Z$/, '.000Z');
			return this._sendXml(
				ctx,
				403,
				'AccessDenied',
				'Request has expired.',
				`  <Expires>${exp}</Expires>\n  <ServerTime>${new Date(now).toISOString().replace(/\.\d+Z$/, '.000Z')}</ServerTime>\n`,
			);
		}
		const png = rec.video
			? video.mp4For(this, rec.video, this._config.videoBytes)
			: await this._pngs.get(
					rec.width,
					rec.height,
					rec.rgb,
					`wan2.6-image emulator ${rec.size.width}*${rec.size.height}`,
				);
		if (ctx.res.destroyed) return;
		const headers = {
			'content-type': rec.video ? 'video/mp4' : 'image/png',
			'x-oss-request-id': ctx.requestId,
			etag: `"${fnvBase36(`${rec.id}:${png.length}`)}"`,
			'cache-control': 'no-cache',
		};
		if (t && t.kind === 'malformed') {
			const half = png.subarray(0, Math.floor(png.length / 2));
			this._writeHead(ctx, 200, { ...headers, 'content-length': half.length });
			return ctx.res.end(half);
		}
		if (t && t.kind === 'truncate') {
			this._writeHead(ctx, 200, { ...headers, 'content-length': png.length });
			ctx.res.write(png.subarray(0, Math.floor(png.length / 2)));
			return setImmediate(() => this._destroy(ctx));
		}
		if (t && t.kind === 'stall') {
			this._writeHead(ctx, 200, { ...headers, 'content-length': png.length });
			ctx.res.write(png.subarray(0, Math.floor(png.length / 2)));
			await this._sleep(t.delayMs * this._config.timeScale);
			if (!ctx.res.destroyed) ctx.res.end(png.subarray(Math.floor(png.length / 2)));
			return;
		}
		if (t && t.kind === 'html') {
			const page =
				'<!doctype html><html><head><title>Sign in</title></head><body>Please sign in</body></html>';
			this._writeHead(ctx, 200, {
				'content-type': 'text/html; charset=utf-8',
				'content-length': Buffer.byteLength(page),
			});
			return ctx.res.end(page);
		}
		this._counters.resultsServed++;
		this._writeHead(ctx, 200, { ...headers, 'content-length': png.length });
		ctx.res.end(ctx.req.method === 'HEAD' ? undefined : png);
	}

	// ----------------------------------------------------------------- control API

	async _control(req, res, url) {
		const send = (status, obj) => {
			const text = JSON.stringify(obj);
			res.writeHead(status, {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(text),
			});
			res.end(text);
		};
		let body;
		if (req.method === 'POST' || req.method === 'PUT') {
			const r = await this._readBody(req);
			const text = r.buf ? r.buf.toString('utf8') : '';
			try {
				body = text ? JSON.parse(text) : {};
			} catch {
				return send(400, { error: 'body is not valid JSON' });
			}
		} else req.resume();
		const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
		try {
			switch (route) {
				case 'GET /__emulator/health':
					return send(200, { ok: true, url: this.url });
				case 'GET /__emulator/requests': {
					const q = url.searchParams;
					let list = this.requests;
					if (q.has('since')) list = list.filter((r) => r.id > Number(q.get('since')));
					if (q.has('method'))
						list = list.filter((r) => r.method === q.get('method').toUpperCase());
					if (q.has('path')) list = list.filter((r) => r.path.startsWith(q.get('path')));
					if (q.has('kind')) list = list.filter((r) => r.kind === q.get('kind'));
					if (q.has('limit')) list = list.slice(-Number(q.get('limit')));
					return send(200, { count: list.length, requests: list });
				}
				case 'DELETE /__emulator/requests':
					this.requests.length = 0;
					return send(200, { ok: true });
				case 'GET /__emulator/stats':
					return send(200, this.stats());
				case 'GET /__emulator/tasks':
					return send(200, { count: this.tasks.size, tasks: Array.from(this.tasks.values()) });
				case 'GET /__emulator/faults':
					return send(200, { faults: this.faults });
				case 'POST /__emulator/faults': {
					const specs = Array.isArray(body)
						? body
						: Array.isArray(body.faults)
							? body.faults
							: [body];
					const handles = specs.map((s) => this._faults.add(s));
					return send(200, { ids: handles.map((h) => h.id) });
				}
				case 'DELETE /__emulator/faults':
					this._faults.clear();
					return send(200, { ok: true });
				case 'POST /__emulator/reset':
					this.reset();
					if (body && body.config) this.configure(body.config);
					return send(200, { ok: true });
				case 'GET /__emulator/config':
					return send(200, this.config);
				case 'POST /__emulator/config':
					return send(200, this.configure(body));
				default: {
					const fm = /^DELETE \/__emulator\/faults\/(\d+)$/.exec(route);
					if (fm) return send(this._faults.remove(Number(fm[1])) ? 200 : 404, { ok: true });
					return send(404, { error: `unknown control route ${route}` });
				}
			}
		} catch (err) {
			return send(400, { error: err.message });
		}
	}
}

/**
 * Start an emulator. Resolves once it listens.
 * @param {object} [options] see DEFAULTS and README.md
 */
async function startEmulator(options = {}) {
	const emu = new Emulator(options);
	await emu.listen();
	return emu;
}

module.exports = { startEmulator, Emulator, DEFAULTS, DEFAULT_MODEL, formatTaskTime, mergeConfig };
