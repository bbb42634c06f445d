'use strict';
/**
 * Test-only time switch, kept out of the published node: the engine tests run the node's back-off
 * at a fraction of its real length (with short emulator task times alike) instead of waiting real
 * seconds. The compiled node calls `backoffMs` through its module's exports, so replacing that
 * export reaches every caller; a Retry-After is still honoured as the server sent it.
 */
const retry = require('../../dist/nodes/Wanx/transport/retry');

const realBackoffMs = retry.backoffMs;

/** `factor` 1 restores the real back-off. */
function scaleBackoff(factor) {
	retry.backoffMs =
		factor === 1
			? realBackoffMs
			: (attempt, retryAfterMs, maxMs) =>
					retryAfterMs === undefined
						? Math.round(realBackoffMs(attempt, undefined, maxMs) * factor)
						: realBackoffMs(attempt, retryAfterMs);
}

module.exports = { scaleBackoff };
