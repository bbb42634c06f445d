'use strict';
/**
 * DashScope `wan2.6-image` emulator — module entry point.
 *
 *   const { startEmulator } = require('./test/emulator');
 *   const emu = await startEmulator({ taskTimings: { pendingMs: 0, runningMs: 0 } });
 *   // emu.url, emu.apiUrl, emu.requests, emu.tasks, emu.fault({...}), emu.stats(), emu.reset(), await emu.close()
 *
 * See README.md in this folder.
 */
const { startEmulator, Emulator, DEFAULTS, DEFAULT_MODEL, formatTaskTime } = require('./emulator');
const { ERRORS, resolveError } = require('./errors');
const { KINDS: FAULT_KINDS, PHASES: FAULT_PHASES } = require('./faults');
const { encodePng, encodePngSync, pngSize } = require('./png');
const { encodeMp4, readMp4 } = require('./mp4');
const { VIDEO_MODELS } = require('./videoModels');

module.exports = {
	startEmulator,
	Emulator,
	DEFAULTS,
	DEFAULT_MODEL,
	ERRORS,
	FAULT_KINDS,
	FAULT_PHASES,
	formatTaskTime,
	resolveError,
	encodePng,
	encodePngSync,
	pngSize,
	encodeMp4,
	readMp4,
	VIDEO_MODELS,
};
