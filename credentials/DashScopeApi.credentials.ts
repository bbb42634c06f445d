import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import {
	BASE_URL_EXPRESSION,
	REGION_HOSTS,
	resolveBaseUrl,
	type DashScopeCredentialData,
} from './dashScopeRegions';

export class DashScopeApi implements ICredentialType {
	name = 'dashScopeApi';

	// The names people search: Alibaba Cloud Model Studio (Bailian), its API DashScope, Qwen Cloud.
	displayName = 'DashScope (Model Studio, Qwen Cloud) API';

	icon: Icon = { light: 'file:dashscope.svg', dark: 'file:dashscope.dark.svg' };

	documentationUrl = 'https://www.alibabacloud.com/help/en/model-studio/get-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A Model Studio (Bailian, Qwen Cloud) API key, starting with sk-. Keys are bound to one region.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{
					name: 'China (Beijing)',
					value: 'cn-beijing',
					description: 'https://dashscope.aliyuncs.com',
				},
				{
					name: 'China (Hong Kong)',
					value: 'cn-hongkong',
					description: 'https://cn-hongkong.dashscope.aliyuncs.com',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A gateway, proxy, workspace domain or local emulator',
				},
				{
					name: 'Germany (Frankfurt)',
					value: 'eu-central-1',
					description: 'Workspace domain; the async operations only',
				},
				{
					name: 'Singapore',
					value: 'ap-southeast-1',
					description: 'https://dashscope-intl.aliyuncs.com',
				},
				{
					name: 'US (Virginia)',
					value: 'us-east-1',
					description: 'https://dashscope-us.aliyuncs.com',
				},
			],
			default: 'cn-beijing',
			description: 'The region the API key belongs to. Cross-region calls fail authentication.',
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'options',
			options: [
				{
					name: 'DashScope Domain',
					value: 'dashscope',
					description: 'The shared domain of the region, e.g. dashscope.aliyuncs.com',
				},
				{
					name: 'Workspace Domain (Recommended)',
					value: 'workspace',
					description:
						'{Workspace ID}.{region}.maas.aliyuncs.com: higher throughput, lower latency',
				},
			],
			default: 'dashscope',
			description: 'Which host of the region to call. Frankfurt only has workspace domains.',
			displayOptions: { show: { region: Object.keys(REGION_HOSTS) } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://llm-xxxx.cn-beijing.maas.aliyuncs.com',
			description: 'The API root, without /api/v1',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Workspace ID',
			name: 'workspaceId',
			type: 'string',
			default: '',
			placeholder: 'llm-xxxxxxxxxxxx',
			description:
				'Sent as X-DashScope-WorkSpace. Required for a workspace domain (always in Frankfurt) and for keys of RAM sub-accounts; optional otherwise.',
		},
		{
			displayName: 'Running Tasks Limit',
			name: 'runningTasks',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 5,
			description:
				'How many tasks the account may run at once (DashScope allows 5 unless your account has another limit). Whole number. Every Wanx node of this n8n that uses the account shares them; further items wait for a free slot. Two credentials for one account with different limits: the smallest applies.',
		},
	];

	// A function rather than a generic block, so the workspace header is only sent when set. It
	// also refuses a credential whose base URL cannot be resolved, with the node's own message:
	// the credential test (whose base URL is an expression, which cannot fail with a message)
	// goes through here before sending, so it says what the node says instead of calling
	// `https://undefined.eu-central-1…`.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const resolved = resolveBaseUrl(credentials as DashScopeCredentialData);
		if ('error' in resolved) throw new UserError(resolved.error);
		const workspaceId = String(credentials.workspaceId ?? '').trim();
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.apiKey ?? '').trim()}`,
				...(workspaceId ? { 'X-DashScope-WorkSpace': workspaceId } : {}),
			},
		};
	}

	// Reading a task id that cannot exist costs nothing: a valid key gets 200 with UNKNOWN, a bad
	// one 401. A 401 is most often a key of another region (docs/dashscope-notes.md §1.1); n8n's
	// credential tester answers a status listed in `rules` with that rule's message.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/api/v1/tasks/00000000-0000-4000-8000-000000000000',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						"Unauthorized: DashScope refused the API key. Keys belong to one region: check that the Region (and Workspace ID, for a workspace domain) match the key's region in the Model Studio console.",
				},
			},
		],
	};
}
