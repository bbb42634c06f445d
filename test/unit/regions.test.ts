/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * credentials/dashScopeRegions.ts against docs/dashscope-notes.md §1.1, and the credential
 * test's n8n expression against the code path.
 */
import { accountFingerprint } from '../../nodes/Wanx/transport/account';
import {
	BASE_URL_EXPRESSION,
	REGION_HOSTS,
	accountHost,
	effectiveRegion,
	normalizeBaseUrl,
	resolveBaseUrl,
	type DashScopeCredentialData,
	type DashScopeRegion,
} from '../../credentials/dashScopeRegions';

const BEIJING = 'https://dashscope.aliyuncs.com';
const SINGAPORE = 'https://dashscope-intl.aliyuncs.com';
const VIRGINIA = 'https://dashscope-us.aliyuncs.com';
const HONG_KONG = 'https://cn-hongkong.dashscope.aliyuncs.com';

/** Credentials that resolve to a URL. */
const GOOD: Array<[string, DashScopeCredentialData, string]> = [
	['Beijing', { region: 'cn-beijing' }, BEIJING],
	['Singapore', { region: 'ap-southeast-1' }, SINGAPORE],
	['US (Virginia)', { region: 'us-east-1' }, VIRGINIA],
	['China (Hong Kong)', { region: 'cn-hongkong' }, HONG_KONG],
	[
		'Hong Kong, DashScope domain chosen',
		{ region: 'cn-hongkong', domain: 'dashscope', workspaceId: 'llm-abc' },
		HONG_KONG,
	],
	[
		'Beijing workspace domain',
		{ region: 'cn-beijing', domain: 'workspace', workspaceId: 'llm-abc' },
		'https://llm-abc.cn-beijing.maas.aliyuncs.com',
	],
	[
		'Hong Kong workspace domain',
		{ region: 'cn-hongkong', domain: 'workspace', workspaceId: ' llm-hk ' },
		'https://llm-hk.cn-hongkong.maas.aliyuncs.com',
	],
	[
		'Singapore workspace domain',
		{ region: 'ap-southeast-1', domain: 'workspace', workspaceId: 'llm-sg' },
		'https://llm-sg.ap-southeast-1.maas.aliyuncs.com',
	],
	[
		'Virginia workspace domain',
		{ region: 'us-east-1', domain: 'workspace', workspaceId: 'llm-us' },
		'https://llm-us.us-east-1.maas.aliyuncs.com',
	],
	[
		'Frankfurt ignores the domain switch',
		{ region: 'eu-central-1', domain: 'dashscope', workspaceId: 'llm-eu' },
		'https://llm-eu.eu-central-1.maas.aliyuncs.com',
	],
	[
		'custom ignores the domain switch',
		{ region: 'custom', domain: 'workspace', workspaceId: 'llm-x', baseUrl: 'http://127.0.0.1:9' },
		'http://127.0.0.1:9',
	],
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
			'workspace domain of Germany (Frankfurt) needs the Workspace ID',
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
			'Hong Kong workspace domain without a workspace',
			{ region: 'cn-hongkong', domain: 'workspace' },
			'workspace domain of China (Hong Kong) needs the Workspace ID',
		],
		[
			'Beijing workspace domain with a host-injecting workspace',
			{ region: 'cn-beijing', domain: 'workspace', workspaceId: 'a.evil.com#' },
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
			'cn-hongkong': HONG_KONG,
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

	it.each<keyof typeof REGION_HOSTS>(['cn-beijing', 'cn-hongkong', 'ap-southeast-1', 'us-east-1'])(
		'covers every fixed region: %s',
		(region) => {
			expect(BASE_URL_EXPRESSION).toContain(`'${region}' ? '${REGION_HOSTS[region]}'`);
		},
	);
});

describe('effectiveRegion', () => {
	it.each<[DashScopeCredentialData, string]>([
		[{ region: 'cn-hongkong', domain: 'workspace', workspaceId: 'w' }, 'cn-hongkong'],
		[
			{ region: 'custom', baseUrl: 'https://w.eu-central-1.maas.aliyuncs.com/api/v1' },
			'eu-central-1',
		],
		[{ region: 'custom', baseUrl: 'https://w.cn-hongkong.maas.aliyuncs.com' }, 'cn-hongkong'],
		[{ region: 'custom', baseUrl: 'https://cn-hongkong.dashscope.aliyuncs.com' }, 'cn-hongkong'],
		[{ region: 'custom', baseUrl: 'https://w.mars-1.maas.aliyuncs.com' }, 'custom'],
		[{ region: 'custom', baseUrl: 'http://127.0.0.1:8080' }, 'custom'],
		[{ region: 'custom', baseUrl: 'not a url' }, 'custom'],
	])('%j → %s', (data, region) => {
		expect(effectiveRegion(data)).toBe(region);
	});
});

describe('accountHost: one account, whatever the spelling of its host', () => {
	it.each<[string, string[]]>([
		[
			'dashscope:cn-beijing',
			[
				'https://dashscope.aliyuncs.com',
				'https://dashscope.aliyuncs.com/api/v1',
				'https://DashScope.aliyuncs.com/api/v1/',
				'https://llm-a.cn-beijing.maas.aliyuncs.com',
				'https://llm-b.cn-beijing.maas.aliyuncs.com/api/v1',
			],
		],
		[
			'dashscope:cn-hongkong',
			['https://cn-hongkong.dashscope.aliyuncs.com', 'https://w.cn-hongkong.maas.aliyuncs.com'],
		],
		['dashscope:eu-central-1', ['https://w.eu-central-1.maas.aliyuncs.com/api/v1']],
		[
			'http://loopback:8080',
			[
				'http://localhost:8080',
				'http://127.0.0.1:8080/',
				'http://LOCALHOST:8080/api/v1',
				'http://[::1]:8080',
			],
		],
		['https://gw.example.com', ['https://gw.example.com:443', 'https://GW.example.com/api/v1']],
		['https://gw.example.com/dashscope', ['https://gw.example.com/dashscope/api/v1/']],
	])('%s', (identity, urls) => {
		for (const url of urls) expect(accountHost(url)).toBe(identity);
	});

	it('keeps different accounts apart', () => {
		const distinct = [
			'https://dashscope.aliyuncs.com',
			'https://dashscope-intl.aliyuncs.com',
			'https://dashscope-us.aliyuncs.com',
			'https://cn-hongkong.dashscope.aliyuncs.com',
			'https://w.eu-central-1.maas.aliyuncs.com',
			'http://localhost:8080',
			'http://localhost:8081',
			'https://localhost:8080',
			'https://gw.example.com',
			'https://gw.example.com/other',
		].map(accountHost);
		expect(new Set(distinct).size).toBe(distinct.length);
	});

	it('the account fingerprint follows it, and still tells keys apart', () => {
		const key = 'sk-test-key';
		expect(accountFingerprint(key, 'https://dashscope.aliyuncs.com')).toBe(
			accountFingerprint(` ${key}`, 'https://llm-a.cn-beijing.maas.aliyuncs.com/api/v1'),
		);
		expect(accountFingerprint(key, 'http://localhost:1234')).toBe(
			accountFingerprint(key, 'http://127.0.0.1:1234'),
		);
		expect(accountFingerprint(key, 'http://localhost:1234')).not.toBe(
			accountFingerprint(`${key}2`, 'http://127.0.0.1:1234'),
		);
		expect(accountFingerprint(key, 'https://dashscope.aliyuncs.com')).not.toBe(
			accountFingerprint(key, 'https://cn-hongkong.dashscope.aliyuncs.com'),
		);
	});
});

describe('the credential', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { DashScopeApi } = require('../../credentials/DashScopeApi.credentials');
	const credential = new DashScopeApi();
	const field = (name: string) => credential.properties.find((p: any) => p.name === name);

	it('offers every region of §1.1 and a custom URL', () => {
		const values = field('region').options.map((o: any) => o.value);
		expect([...values].sort()).toEqual(
			[...Object.keys(REGION_HOSTS), 'eu-central-1', 'custom'].sort(),
		);
	});

	it('shows the Domain switch for every region with a shared domain, defaulting to it', () => {
		const domain = field('domain');
		expect(domain.default).toBe('dashscope');
		expect(domain.displayOptions.show.region).toEqual(Object.keys(REGION_HOSTS));
		expect(domain.options.map((o: any) => o.value)).toEqual(['dashscope', 'workspace']);
	});

	it("maps the test's 401 to a message naming the key's region", () => {
		expect(credential.test.rules).toEqual([
			{
				type: 'responseCode',
				properties: { value: 401, message: expect.stringMatching(/^Unauthorized: .*region/) },
			},
		]);
	});
});

describe('the dev tools take every region the credential has', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { REGIONS } = require('../n8n/playground');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HOSTS } = require('../../scripts/live-check');

	it('npm start accepts each region of the credential as DASHSCOPE_REGION', () => {
		expect([...REGIONS].sort()).toEqual([...Object.keys(REGION_HOSTS), 'eu-central-1'].sort());
	});

	it('npm run live-check calls each shared domain the credential calls', () => {
		expect(HOSTS).toEqual(REGION_HOSTS);
	});
});
