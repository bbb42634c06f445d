'use strict';
/**
 * Fault queue. A fault is a rule "on the next <times> requests of phase <on> (that match), do <kind>".
 *
 * Phases (`on`): create (async task create), poll (GET /tasks/{id}), sync (the sync endpoint, JSON or
 * SSE), cancel (POST /tasks/{id}/cancel), result (image or video download), upload (getPolicy), oss
 * (the temporary-upload form POST), or an array of those.
 *
 * Kinds come in two groups:
 * - modifiers (several can fire on one request): slow, fail, expire (when not on `result`),
 *   slowAfterCreate (the task is created at once, its answer held delayMs: a create in flight);
 * - terminals (at most one fires per request, the first matching in queue order): status, reset,
 *   resetAfterCreate, malformed, truncate, sseError, unknown, expire (on `result`), and on `result`
 *   only: stall (half the body, then nothing for delayMs), html (a 200 text/html page instead).
 * A fault only counts as fired (and uses up one of its `times`) when it was actually applied.
 */

// upload: GET /uploads?action=getPolicy; oss: the temporary-upload form POST (video.js).
const PHASES = ['create', 'poll', 'sync', 'cancel', 'result', 'upload', 'oss'];
const KINDS = [
	'status',
	'reset',
	'resetAfterCreate',
	'slow',
	'slowAfterCreate',
	'malformed',
	'truncate',
	'sseError',
	'fail',
	'expire',
	'unknown',
	'stall',
	'html',
];
const MODIFIERS = new Set(['slow', 'slowAfterCreate', 'fail', 'expire']);

/** Where each kind makes sense. */
const ALLOWED = {
	status: PHASES,
	reset: PHASES,
	resetAfterCreate: ['create'],
	slow: PHASES,
	slowAfterCreate: ['create'],
	malformed: PHASES,
	truncate: PHASES,
	sseError: ['sync'],
	fail: ['create', 'sync'],
	expire: ['create', 'sync', 'result'],
	unknown: ['poll'],
	stall: ['result'],
	html: ['result'],
};

function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Turn a JSON-friendly `match` into a predicate over {prompt, taskId, ...}. */
function compileMatch(match) {
	if (match === undefined || match === null || match === '') return null;
	if (typeof match === 'function') return match;
	if (match instanceof RegExp)
		return (info) => typeof info.prompt === 'string' && match.test(info.prompt);
	if (typeof match === 'string')
		return (info) => typeof info.prompt === 'string' && info.prompt.includes(match);
	if (typeof match === 'object') {
		const preds = [];
		if (match.regex !== undefined) {
			const re = new RegExp(match.regex, match.flags || '');
			preds.push((info) => typeof info.prompt === 'string' && re.test(info.prompt));
		}
		if (match.prompt !== undefined)
			preds.push((info) => typeof info.prompt === 'string' && info.prompt.includes(match.prompt));
		if (match.taskId !== undefined) preds.push((info) => info.taskId === match.taskId);
		if (match.mode !== undefined) preds.push((info) => info.mode === match.mode);
		if (match.sse !== undefined) preds.push((info) => Boolean(info.sse) === Boolean(match.sse));
		if (preds.length === 0)
			throw new Error(`fault.match: unsupported object ${JSON.stringify(match)}`);
		return (info) => preds.every((p) => p(info));
	}
	throw new Error(`fault.match: unsupported type ${typeof match}`);
}

let nextId = 1;

class FaultQueue {
	constructor(randomSeed) {
		this.faults = [];
		this.random = Number.isInteger(randomSeed) ? mulberry32(randomSeed) : Math.random;
		this.fired = 0;
	}

	/** Add one fault spec; returns a handle. Throws on an invalid spec. */
	add(spec) {
		if (!spec || typeof spec !== 'object') throw new Error('fault: spec must be an object');
		const kind = spec.kind;
		if (!KINDS.includes(kind))
			throw new Error(`fault.kind must be one of ${KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
		let on =
			spec.on ??
			(kind === 'resetAfterCreate' || kind === 'fail'
				? 'create'
				: kind === 'sseError'
					? 'sync'
					: kind === 'unknown'
						? 'poll'
						: kind === 'expire'
							? 'result'
							: undefined);
		if (on === undefined)
			throw new Error('fault.on is required (create | poll | sync | cancel | result)');
		const phases = Array.isArray(on) ? on : [on];
		for (const p of phases) {
			if (!PHASES.includes(p))
				throw new Error(`fault.on must be one of ${PHASES.join(', ')}; got ${JSON.stringify(p)}`);
			if (!ALLOWED[kind].includes(p))
				throw new Error(
					`fault kind "${kind}" is not supported on "${p}" (allowed: ${ALLOWED[kind].join(', ')})`,
				);
		}
		let times = spec.times ?? 1;
		if (times === -1 || times === 'always' || times === null) times = Infinity;
		if (!(times === Infinity || (Number.isInteger(times) && times > 0)))
			throw new Error('fault.times must be a positive integer, -1 or Infinity');
		const probability = spec.probability ?? 1;
		if (typeof probability !== 'number' || probability < 0 || probability > 1)
			throw new Error('fault.probability must be in [0, 1]');
		if (kind === 'stall' && !(Number.isFinite(spec.delayMs) && spec.delayMs >= 0))
			throw new Error('fault kind "stall" needs delayMs >= 0');
		if (
			(kind === 'slow' || kind === 'slowAfterCreate') &&
			!(Number.isFinite(spec.delayMs) && spec.delayMs >= 0)
		)
			throw new Error(`fault kind "${kind}" needs delayMs >= 0`);
		if (kind === 'status' && spec.status === undefined && spec.code === undefined)
			throw new Error('fault kind "status" needs status and/or code');
		const fault = {
			id: nextId++,
			...spec,
			on: phases,
			kind,
			times,
			probability,
			remaining: times,
			fired: 0,
			predicate: compileMatch(spec.match),
		};
		this.faults.push(fault);
		const queue = this;
		return {
			id: fault.id,
			get fired() {
				return fault.fired;
			},
			get remaining() {
				return fault.remaining;
			},
			get active() {
				return queue.faults.includes(fault);
			},
			cancel() {
				queue.remove(fault.id);
			},
		};
	}

	remove(id) {
		const i = this.faults.findIndex((f) => f.id === id);
		if (i >= 0) this.faults.splice(i, 1);
		return i >= 0;
	}

	clear() {
		this.faults.length = 0;
	}

	/**
	 * Pick the faults for one request. Consumes them (decrements `remaining`, removes exhausted ones).
	 * @returns {{modifiers: object[], terminal: object|null}}
	 */
	take(phase, info) {
		const picked = { modifiers: [], terminal: null };
		if (this.faults.length === 0) return picked;
		const used = [];
		for (const f of this.faults) {
			if (!f.on.includes(phase)) continue;
			const isModifier = MODIFIERS.has(f.kind) && !(f.kind === 'expire' && phase === 'result');
			if (!isModifier && picked.terminal) continue;
			if (f.predicate && !f.predicate({ ...info, phase })) continue;
			if (f.probability < 1 && this.random() >= f.probability) continue;
			if (isModifier) picked.modifiers.push(f);
			else picked.terminal = f;
			used.push(f);
		}
		for (const f of used) {
			f.fired++;
			this.fired++;
			f.remaining--;
			if (f.remaining <= 0) this.remove(f.id);
		}
		return picked;
	}

	/** JSON-friendly view. */
	list() {
		return this.faults.map(({ predicate, match, ...f }) => ({
			...f,
			times: f.times === Infinity ? -1 : f.times,
			remaining: f.remaining === Infinity ? -1 : f.remaining,
			match:
				match instanceof RegExp
					? { regex: match.source, flags: match.flags }
					: typeof match === 'function'
						? '[function]'
						: match,
		}));
	}
}

module.exports = { FaultQueue, compileMatch, PHASES, KINDS, MODIFIERS, ALLOWED, mulberry32 };
