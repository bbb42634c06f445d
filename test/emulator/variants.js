'use strict';
/**
 * Behaviours of DashScope that no public page or recorded answer settles: the emulator can play
 * each reading, one switch per behaviour, so the node is tested against all of them
 * (docs/dashscope-notes.md §11 lists them; test/fixtures/dashscope/README.md the evidence found).
 * The first value of each list is the default: the reading the notes take.
 */

const VARIANTS = Object.freeze({
	// A create while the account's running-task limit is full [I, §6.1]: refused with 429
	// Throttling.RateQuota, or accepted as PENDING and started when a slot frees.
	overLimitCreate: Object.freeze(['throttle', 'queue']),
	// A wan2.7 / wan2.6-t2i parameter the model does not take [I, §8]: refused with 400, silently
	// ignored, or accepted and the task FAILS with InvalidParameter (a 3P capture saw wan2.7
	// parameter checks run after the task was queued).
	unsupportedParameter: Object.freeze(['refuse', 'ignore', 'failTask']),
	// The HTTP status of an SSE stream whose first frame is `event:error` (§4.1): 200 with the
	// status only in the `:HTTP_STATUS/<n>` comment, as recorded for a 400 and quoted for a 429
	// (test/fixtures/dashscope/sse-error-http200.txt, sse-throttled-http200.txt), or the error's
	// own status, which no answer shows but a gateway in between may send.
	sseErrorStatus: Object.freeze(['inStream', 'http']),
	// An unknown model id: 404 ModelNotFound per the error-code table [D S8], or 400
	// InvalidParameter "Model not exist." as a 3P capture saw on the image-generation path.
	unknownModel: Object.freeze(['ModelNotFound', 'InvalidParameter']),
});

const DEFAULT_VARIANTS = Object.freeze(
	Object.fromEntries(Object.entries(VARIANTS).map(([name, values]) => [name, values[0]])),
);

/** Checks a `variants` patch and merges it over `base`; throws on an unknown name or value. */
function mergeVariants(base, patch) {
	const out = { ...DEFAULT_VARIANTS, ...base };
	for (const [name, value] of Object.entries(patch || {})) {
		if (value === undefined) continue;
		if (!Object.prototype.hasOwnProperty.call(VARIANTS, name))
			throw new Error(`unknown variant "${name}" (known: ${Object.keys(VARIANTS).join(', ')})`);
		if (!VARIANTS[name].includes(value))
			throw new Error(`variants.${name} must be one of ${VARIANTS[name].join(', ')}`);
		out[name] = value;
	}
	return out;
}

/**
 * When a create accepted over the limit may start (overLimitCreate 'queue'): the moment enough
 * of the account's active tasks have ended to leave it a slot.
 */
function queuedStart(activeEndTimes, limit, earliest) {
	if (!(limit > 0) || activeEndTimes.length < limit) return earliest;
	const ends = [...activeEndTimes].sort((a, b) => a - b);
	return Math.max(earliest, ends[ends.length - limit]);
}

module.exports = { VARIANTS, DEFAULT_VARIANTS, mergeVariants, queuedStart };
