'use strict';
/**
 * Webhook-triggered workflows for the tests that run a long-lived n8n (`n8n start`, queue mode or
 * regular): Webhook → [Prompts → One Item per Prompt] → Wanx … . Each workflow has its own
 * webhook path and its own prompts, so the emulator's request log can be filtered per workflow.
 */
const { CRED_ID, CRED_NAME } = require('./workflows');

const WANX = 'n8n-nodes-wanx.wanx';
const REF = 'https://example.com/e2e/queue.png';

let counter = 0;
const uuid = () => `10000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/** POST /webhook/<path>; `respond`: 'lastNode' (answers with the last node's items) or 'onReceived'. */
function webhook(path, respond = 'lastNode') {
	return {
		id: uuid(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: uuid(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: respond,
			...(respond === 'lastNode' ? { responseData: 'allEntries' } : {}),
			options: {},
		},
	};
}

/** One item per prompt (Set with an array, then Split Out). */
function prompts(list) {
	return [
		{
			id: uuid(),
			name: 'Prompts',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [{ id: uuid(), name: 'prompt', type: 'array', value: JSON.stringify(list) }],
				},
				options: {},
			},
		},
		{
			id: uuid(),
			name: 'One Item per Prompt',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'prompt', include: 'noOtherFields', options: {} },
		},
	];
}

/** A Wanx node (image resource unless `parameters.resource` says otherwise). */
function wanx(name, parameters) {
	return {
		id: uuid(),
		name,
		type: WANX,
		typeVersion: 1,
		parameters: { resource: 'image', model: 'wan2.6-image', ...parameters },
		credentials: { dashScopeApi: { id: CRED_ID, name: CRED_NAME } },
	};
}

/** Generate via Async Task in edit mode, one image per item, result links only. */
function generateAsync(prompt, options = {}) {
	return wanx('Wanx', {
		operation: 'generateAsync',
		mode: 'edit',
		prompt,
		referenceImages: { images: [{ source: 'url', url: REF }] },
		n: 1,
		options: { downloadImages: false, ...options },
	});
}

/** n8n's Wait node, resuming after `seconds`. */
function wait(seconds) {
	return {
		id: uuid(),
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		webhookId: uuid(),
		parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
	};
}

/** Nodes in a line; `active` so the production webhook is registered on start. */
function linear(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	nodes.forEach((n, i) => (n.position = [i * 220, 0]));
	return {
		id,
		name,
		active: true,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
		pinData: {},
	};
}

module.exports = { webhook, prompts, wanx, generateAsync, wait, linear, REF };
