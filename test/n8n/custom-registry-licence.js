'use strict';
/**
 * Preloaded into `n8n start` (NODE_OPTIONS=--require) by tests that install community packages
 * from the local registry at boot. n8n installs from a registry other than npmjs only with the
 * licence feature feat:communityNodes:customRegistry
 * (packages/cli/src/modules/community-packages/community-packages.service.ts, getNpmRegistry).
 * n8n's end-to-end mode grants it through PATCH /rest/e2e/feature once the server is up, which is
 * too late for N8N_COMMUNITY_PACKAGES: that install runs before the server listens. This grants the
 * same feature, and only it, as soon as n8n loads its License class; nothing else of n8n changes.
 */
const Module = require('node:module');

const load = Module._load;
Module._load = function (request, ...rest) {
	const exports = load.call(this, request, ...rest);
	// Own properties only: a module still loading (a require cycle) must not be read through.
	if (/(^|\/)license(\.js)?$/.test(request) && Object.hasOwn(exports, 'License')) {
		const proto = exports.License.prototype;
		if (typeof proto.isCustomNpmRegistryEnabled === 'function') {
			proto.isCustomNpmRegistryEnabled = () => true;
			Module._load = load;
		}
	}
	return exports;
};
