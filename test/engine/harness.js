'use strict';
/**
 * Runs the built Wanx node (dist/, through index.js, as n8n loads it) inside n8n-core's real
 * WorkflowExecute: no server, no database, the real credential `authenticate` and n8n's HTTP
 * helpers. Used by the engine tests (HTTP mocked by nock or served by the emulator) and by the
 * benchmarks. Types: harness.d.ts.
 */
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_USER_FOLDER ??= require('../tmp-root').userFolder();
require('reflect-metadata');

const {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
} = require('n8n-workflow');
const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { Wanx, DashScopeApi } = require('../../index.js');

/**
 * Under jest, back-off waits run at 1/20 of their real length (the tests that depend on it scale
 * their emulator task times alike); the benchmarks keep real time.
 */
const TEST_TIME_SCALE = process.env.JEST_WORKER_ID ? 0.05 : 1;
require('./testTime').scaleBackoff(TEST_TIME_SCALE);

const API_KEY = 'sk-engine-test-0123456789abcdef';
const BASE_URL = 'https://dashscope.test';

class TestCredentialsHelper extends ICredentialsHelper {
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

/** Every run, for the check that the API key shows up in no output and no error. */
const allRuns = [];

/** Paths inside `value` (own properties, enumerable or not, as errors have) where `secret` occurs. */
function findSecret(value, secret, where = '$', seen = new Set()) {
	if (typeof value === 'string') return value.includes(secret) ? [where] : [];
	if (!value || typeof value !== 'object' || seen.has(value)) return [];
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.includes(secret) ? [where] : [];
	return Object.getOwnPropertyNames(value).flatMap((key) =>
		findSecret(value[key], secret, `${where}.${key}`, seen),
	);
}

async function runWanx({
	parameters,
	items = [{ json: {} }],
	credentials,
	continueOnFail,
	onStart,
	typeVersion = 1,
}) {
	const node = {
		id: 'wanx-node',
		name: 'Wanx',
		type: 'n8n-nodes-wanx.wanx',
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: { dashScopeApi: { id: 'c1', name: 'DashScope' } },
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
	const wanx = new Wanx();
	const nodeTypes = {
		getByName: () => wanx,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(wanx, typeVersion),
		getKnownTypes: () => ({}),
	};
	const workflowData = { id: 'wf', name: 'engine', nodes: [node], connections: {}, active: false };
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
		credentialsHelper: new TestCredentialsHelper(
			credentials ?? { apiKey: API_KEY, region: 'custom', baseUrl: BASE_URL },
		),
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
	// n8n refuses to start a workflow with issues (a required parameter left empty) by rejecting.
	execution.catch(failed);
	if (onStart) onStart(() => execution.cancel());
	const run = await done;
	const ms = performance.now() - started;
	allRuns.push(run);
	const taskData = run.data.resultData.runData.Wanx?.[0];
	return {
		run,
		status: run.status,
		items: taskData?.data?.main?.[0] ?? [],
		error: taskData?.error ?? run.data.resultData.error,
		ms,
	};
}

module.exports = { API_KEY, BASE_URL, TEST_TIME_SCALE, allRuns, findSecret, runWanx };
