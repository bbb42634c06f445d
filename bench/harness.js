'use strict';
/**
 * The built Wanx node (dist/, through index.js, as n8n loads it) inside n8n-core's real
 * WorkflowExecute: a plain-JS port of test/engine/harness.ts for the benchmarks (no jest).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wanx-bench-'));
require('reflect-metadata');

const { ICredentialsHelper, NodeHelpers, Workflow, createRunExecutionData } = require('n8n-workflow');
const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { Wanx, DashScopeApi } = require('../index.js');

class BenchCredentialsHelper extends ICredentialsHelper {
	constructor(data) {
		super();
		this.data = data;
	}
	getParentTypes() {
		return [];
	}
	getCredentialsProperties() {
		return new DashScopeApi().properties;
	}
	async authenticate(credentials, _type, options) {
		return await new DashScopeApi().authenticate(credentials, options);
	}
	isCredentialUsableByNode() {
		return true;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getDecrypted() {
		return this.data;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
}

/**
 * Runs one Wanx node over `items` with `parameters`; resolves with
 * `{ status, items, error, ms }` once WorkflowExecute is done.
 */
async function runWanx({ parameters, items = [{ json: {} }], credentials }) {
	const node = {
		id: 'wanx-node',
		name: 'Wanx',
		type: 'n8n-nodes-wanx.wanx',
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { dashScopeApi: { id: 'c1', name: 'DashScope' } },
	};
	const wanx = new Wanx();
	const nodeTypes = {
		getByName: () => wanx,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(wanx, 1),
		getKnownTypes: () => ({}),
	};
	const workflowData = { id: 'wf', name: 'bench', nodes: [node], connections: {}, active: false };
	const workflow = new Workflow({ ...workflowData, nodeTypes, settings: { executionOrder: 'v1' } });
	const hooks = new ExecutionLifecycleHooks('manual', '1', workflowData);
	let failed = () => {};
	const done = new Promise((resolve, reject) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
		failed = reject;
	});
	const additionalData = {
		executionId: '1',
		hooks,
		credentialsHelper: new BenchCredentialsHelper(credentials),
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/waiting-webhook',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
	};
	const stack = [{ node, data: { main: [items] }, source: null }];
	const started = performance.now();
	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		createRunExecutionData({ executionData: { nodeExecutionStack: stack } }),
	).processRunExecutionData(workflow);
	execution.catch(failed);
	const run = await done;
	const ms = performance.now() - started;
	const taskData = run.data.resultData.runData.Wanx?.[0];
	return {
		status: run.status,
		items: taskData?.data?.main?.[0] ?? [],
		error: taskData?.error ?? run.data.resultData.error,
		ms,
	};
}

module.exports = { runWanx };
