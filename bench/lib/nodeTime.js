'use strict';
/**
 * Runs the node's poll schedule on compressed time, alongside the emulator's `timeScale`, so a
 * 300 s video task can be measured in a fraction of that. The built node calls
 * `nextPollDelay` through its module's exports (as test/engine/testTime.js does for the back-off),
 * so replacing that export reaches every caller: the schedule is asked at the elapsed time and
 * with the task durations it would have seen at full length, and its answer is shortened alike
 * (a fixed Poll Interval and the video floor are full-length figures already).
 * Every figure read back (delays, durations) is divided by `scale` again; polls per task and
 * polls per task-second do not depend on it.
 */
const schedule = require('../../dist/nodes/Wanx/api/schedule');

const realNextPollDelay = schedule.nextPollDelay;

/** `scale` 1 restores the real schedule; 0.1 runs it ten times faster. */
function compressPollSchedule(scale) {
	schedule.nextPollDelay =
		scale === 1
			? realNextPollDelay
			: (state) =>
					realNextPollDelay({
						...state,
						elapsedMs: state.elapsedMs / scale,
						observedMs: state.observedMs?.map((ms) => ms / scale),
					}) * scale;
}

module.exports = { compressPollSchedule };
