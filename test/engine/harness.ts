/**
 * Runs the built Wanx node inside n8n-core's real WorkflowExecute (no server, no database),
 * with the real credential `authenticate` and n8n's HTTP helpers. HTTP is mocked by the tests.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

// The built package, as n8n loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Wanx, DashScopeApi } = require('../../index.js');

export const API_KEY = 'sk-engine-test-0123456789abcdef';
export const BASE_URL = 'https://dashscope.test';

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}
	getParentTypes() {
		return [];
	}
	getCredentialsProperties() {
		return new DashScopeApi().properties;
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, _type: string, options: IHttpRequestOptions) {
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
	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
}

export interface RunOptions {
	parameters: Record<string, unknown>;
	items?: INodeExecutionData[];
	credentials?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** Called once the run started, with a function that cancels it (as the editor's Stop button). */
	onStart?: (cancel: () => void) => void;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	items: INodeExecutionData[];
	error?: { message: string; description?: string | null; context?: Record<string, unknown> } & Record<string, unknown>;
}

/** Every run of the suite, for the check that the API key shows up in no output and no error. */
export const allRuns: IRun[] = [];

/** Paths inside `value` (own properties, enumerable or not, as errors have) where `secret` occurs. */
export function findSecret(value: unknown, secret: string, path = '$', seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return value.includes(secret) ? [path] : [];
	if (!value || typeof value !== 'object' || seen.has(value)) return [];
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.includes(secret) ? [path] : [];
	return Object.getOwnPropertyNames(value).flatMap((key) =>
		findSecret((value as Record<string, unknown>)[key], secret, `${path}.${key}`, seen),
	);
}

export async function runWanx(options: RunOptions): Promise<RunResult> {
	const node: INode = {
		id: 'wanx-node',
		name: 'Wanx',
		type: 'n8n-nodes-wanx.wanx',
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: { dashScopeApi: { id: 'c1', name: 'DashScope' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const wanx: INodeType = new Wanx();
	const nodeTypes = {
		getByName: () => wanx,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(wanx, 1),
		getKnownTypes: () => ({}),
	};
	const workflowData = { id: 'wf', name: 'engine test', nodes: [node], connections: {}, active: false };
	const workflow = new Workflow({ ...workflowData, nodeTypes, settings: { executionOrder: 'v1' } });
	const hooks = new ExecutionLifecycleHooks('manual', '1', workflowData as never);
	let failed: (error: unknown) => void = () => {};
	const done = new Promise<IRun>((resolve, reject) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
		failed = reject;
	});
	const additionalData = {
		executionId: '1',
		hooks,
		credentialsHelper: new TestCredentialsHelper(
			options.credentials ?? { apiKey: API_KEY, region: 'custom', baseUrl: BASE_URL },
		),
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/waiting-webhook',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const stack: IExecuteData[] = [
		{ node, data: { main: [options.items ?? [{ json: {} }]] }, source: null },
	];
	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		createRunExecutionData({ executionData: { nodeExecutionStack: stack } }),
	).processRunExecutionData(workflow);
	// n8n refuses to start a workflow with issues (a required parameter left empty) by rejecting.
	execution.catch(failed);
	options.onStart?.(() => execution.cancel());
	const run = await done;
	allRuns.push(run);
	const taskData = run.data.resultData.runData.Wanx?.[0];
	return {
		run,
		status: run.status,
		items: taskData?.data?.main?.[0] ?? [],
		error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'],
	};
}
