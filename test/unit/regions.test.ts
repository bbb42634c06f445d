/**
 * credentials/dashScopeRegions.ts against docs/dashscope-notes.md §1.1, and the credential
 * test's n8n expression against the code path.
 */
import {
	BASE_URL_EXPRESSION,
	REGION_HOSTS,
	normalizeBaseUrl,
	resolveBaseUrl,
	type DashScopeCredentialData,
	type DashScopeRegion,
} from '../../credentials/dashScopeRegions';

const BEIJING = 'https://dashscope.aliyuncs.com';
const SINGAPORE = 'https://dashscope-intl.aliyuncs.com';
const VIRGINIA = 'https://dashscope-us.aliyuncs.com';

/** Credentials that resolve to a URL. */
const GOOD: Array<[string, DashScopeCredentialData, string]> = [
	['Beijing', { region: 'cn-beijing' }, BEIJING],
	['Singapore', { region: 'ap-southeast-1' }, SINGAPORE],
	['US (Virginia)', { region: 'us-east-1' }, VIRGINIA],
	['no region → Beijing', {}, BEIJING],
	[
		'Beijing with a workspace: still the public host',
		{ region: 'cn-beijing', workspaceId: 'llm-abc' },
		BEIJING,
	],
	[
		'Singapore with a workspace and a stray base URL',
		{ region: 'ap-southeast-1', workspaceId: 'llm-abc', baseUrl: 'https://x.example' },
		SINGAPORE,
	],
	[
		'Frankfurt with a workspace',
		{ region: 'eu-central-1', workspaceId: 'llm-abc123' },
		'https://llm-abc123.eu-central-1.maas.aliyuncs.com',
	],
	[
		'Frankfurt with a padded workspace',
		{ region: 'eu-central-1', workspaceId: '  llm-abc123 ' },
		'https://llm-abc123.eu-central-1.maas.aliyuncs.com',
	],
	[
		'custom, plain',
		{ region: 'custom', baseUrl: 'https://llm-x.cn-beijing.maas.aliyuncs.com' },
		'https://llm-x.cn-beijing.maas.aliyuncs.com',
	],
	[
		'custom, trailing slash',
		{ region: 'custom', baseUrl: 'https://gw.example.com/' },
		'https://gw.example.com',
	],
	[
		'custom, trailing slashes',
		{ region: 'custom', baseUrl: 'https://gw.example.com///' },
		'https://gw.example.com',
	],
	[
		'custom, /api/v1',
		{ region: 'custom', baseUrl: 'https://dashscope-intl.aliyuncs.com/api/v1' },
		SINGAPORE,
	],
	[
		'custom, /api/v1/',
		{ region: 'custom', baseUrl: 'https://dashscope-intl.aliyuncs.com/api/v1/' },
		SINGAPORE,
	],
	[
		'custom, padded, http, port, /api/v1//',
		{ region: 'custom', baseUrl: '  http://localhost:8080/api/v1// ' },
		'http://localhost:8080',
	],
	[
		'custom, gateway prefix kept',
		{ region: 'custom', baseUrl: 'https://gw.example.com/dashscope/api/v1' },
		'https://gw.example.com/dashscope',
	],
	[
		'custom, /api/v1 not at the end kept',
		{ region: 'custom', baseUrl: 'https://gw.example.com/api/v1/proxy' },
		'https://gw.example.com/api/v1/proxy',
	],
	[
		'custom, uppercase scheme',
		{ region: 'custom', baseUrl: 'HTTPS://GW.EXAMPLE.COM' },
		'HTTPS://GW.EXAMPLE.COM',
	],
];

describe('resolveBaseUrl', () => {
	it.each(GOOD)('%s', (_title, data, url) => {
		expect(resolveBaseUrl(data)).toStrictEqual({ url });
	});

	it.each<[string, DashScopeCredentialData, string]>([
		[
			'Frankfurt without a workspace',
			{ region: 'eu-central-1' },
			'Germany (Frankfurt) region needs the Workspace ID',
		],
		[
			'Frankfurt with an empty workspace',
			{ region: 'eu-central-1', workspaceId: '   ' },
			'needs the Workspace ID',
		],
		[
			'Frankfurt with a space in the workspace',
			{ region: 'eu-central-1', workspaceId: 'llm abc' },
			'needs the Workspace ID',
		],
		[
			'Frankfurt with a host-injecting workspace',
			{ region: 'eu-central-1', workspaceId: 'evil.com/x' },
			'needs the Workspace ID',
		],
		[
			'custom missing the scheme',
			{ region: 'custom', baseUrl: 'dashscope.aliyuncs.com' },
			'needs a Base URL starting with http:// or https://',
		],
		[
			'custom missing the scheme, with /api/v1',
			{ region: 'custom', baseUrl: 'dashscope.aliyuncs.com/api/v1' },
			'starting with http:// or https://',
		],
		[
			'custom ftp://',
			{ region: 'custom', baseUrl: 'ftp://gw.example.com' },
			'starting with http:// or https://',
		],
		[
			'custom with a scheme but no host',
			{ region: 'custom', baseUrl: 'https://' },
			'starting with http:// or https://',
		],
		[
			'custom https:/// (no host)',
			{ region: 'custom', baseUrl: 'https:///api/v1' },
			'starting with http:// or https://',
		],
		['custom empty', { region: 'custom', baseUrl: '' }, 'needs a Base URL'],
		['custom without a base URL', { region: 'custom' }, 'needs a Base URL'],
		[
			'unknown region',
			{ region: 'mars-1' as DashScopeRegion },
			'Unknown DashScope region "mars-1"',
		],
	])('%s → error', (_title, data, fragment) => {
		const resolved = resolveBaseUrl(data);
		expect(resolved).toStrictEqual({ error: expect.stringContaining(fragment) });
	});

	it('REGION_HOSTS are the legacy public domains of §1.1', () => {
		expect(REGION_HOSTS).toStrictEqual({
			'cn-beijing': BEIJING,
			'ap-southeast-1': SINGAPORE,
			'us-east-1': VIRGINIA,
		});
	});
});

describe('normalizeBaseUrl', () => {
	it.each<[string, string]>([
		['https://a.example', 'https://a.example'],
		['https://a.example/', 'https://a.example'],
		['https://a.example/api/v1', 'https://a.example'],
		['https://a.example/api/v1/', 'https://a.example'],
		[' https://a.example/api/v1 ', 'https://a.example'],
		['https://a.example/x/api/v1//', 'https://a.example/x'],
		['https://a.example/api/v2', 'https://a.example/api/v2'],
		['https://a.example/api/v10', 'https://a.example/api/v10'],
		['https://a.example/myapi/v1', 'https://a.example/myapi/v1'],
		['', ''],
	])('%j → %j', (input, expected) => {
		expect(normalizeBaseUrl(input)).toBe(expected);
	});
});

describe('BASE_URL_EXPRESSION (the credential test) agrees with resolveBaseUrl', () => {
	const evaluate = (credentials: DashScopeCredentialData): unknown => {
		expect(BASE_URL_EXPRESSION.startsWith('={{')).toBe(true);
		expect(BASE_URL_EXPRESSION.endsWith('}}')).toBe(true);
		const expression = BASE_URL_EXPRESSION.slice(3, -2);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- evaluates the credential test's own expression, as n8n does
		return new Function('$credentials', `return ${expression}`)(credentials);
	};

	it.each(GOOD)('%s', (_title, data, url) => {
		expect(evaluate(data)).toBe(url);
		expect(evaluate(data)).toBe((resolveBaseUrl(data) as { url: string }).url);
	});

	it.each<keyof typeof REGION_HOSTS>(['cn-beijing', 'ap-southeast-1', 'us-east-1'])(
		'covers every fixed region: %s',
		(region) => {
			expect(BASE_URL_EXPRESSION).toContain(`'${region}' ? '${REGION_HOSTS[region]}'`);
		},
	);
});
