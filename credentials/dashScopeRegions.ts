/**
 * DashScope regions and their API hosts (docs/dashscope-notes.md §1.1). Keys, endpoints
 * and models are bound to one region, so the region is part of the credential.
 */
export type DashScopeRegion =
	| 'cn-beijing'
	| 'cn-hongkong'
	| 'ap-southeast-1'
	| 'us-east-1'
	| 'eu-central-1'
	| 'custom';

/** `dashscope`: the shared DashScope domain; `workspace`: `{WorkspaceId}.{region}.maas.aliyuncs.com`. */
export type DashScopeDomain = 'dashscope' | 'workspace';

export interface DashScopeCredentialData {
	apiKey?: string;
	region?: DashScopeRegion;
	domain?: DashScopeDomain;
	baseUrl?: string;
	workspaceId?: string;
	/** Tasks the account may run at once (PENDING + RUNNING); DashScope's default is 5. */
	runningTasks?: number;
}

/** Regions with a shared DashScope domain (§1.1). Frankfurt only has workspace domains. */
export const REGION_HOSTS: Record<
	'cn-beijing' | 'cn-hongkong' | 'ap-southeast-1' | 'us-east-1',
	string
> = {
	'cn-beijing': 'https://dashscope.aliyuncs.com',
	'cn-hongkong': 'https://cn-hongkong.dashscope.aliyuncs.com',
	'ap-southeast-1': 'https://dashscope-intl.aliyuncs.com',
	'us-east-1': 'https://dashscope-us.aliyuncs.com',
};

const workspaceHost = (workspaceId: string, region: string) =>
	`https://${workspaceId}.${region}.maas.aliyuncs.com`;

/** Trims trailing slashes and a trailing `/api/v1`, which people often paste with a gateway URL. */
export function normalizeBaseUrl(url: string): string {
	return url
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/v1$/, '');
}

const REGION_NAMES: Record<string, string> = {
	'cn-beijing': 'China (Beijing)',
	'cn-hongkong': 'China (Hong Kong)',
	'ap-southeast-1': 'Singapore',
	'us-east-1': 'US (Virginia)',
	'eu-central-1': 'Germany (Frankfurt)',
};

/** Whether the credential calls a workspace domain: always in Frankfurt, by the switch elsewhere. */
const usesWorkspaceDomain = (region: string, data: DashScopeCredentialData) =>
	region === 'eu-central-1' || (data.domain === 'workspace' && region in REGION_HOSTS);

/** The API root (without `/api/v1`) for a credential, or an error text naming the missing field. */
export function resolveBaseUrl(data: DashScopeCredentialData): { url: string } | { error: string } {
	const region = data.region ?? 'cn-beijing';
	if (region === 'custom') {
		const url = normalizeBaseUrl(String(data.baseUrl ?? ''));
		if (!/^https?:\/\/[^/\s]+/i.test(url)) {
			return {
				error: 'The DashScope credential needs a Base URL starting with http:// or https://',
			};
		}
		return { url };
	}
	if (usesWorkspaceDomain(region, data)) {
		const workspaceId = String(data.workspaceId ?? '').trim();
		if (!/^[A-Za-z0-9-]+$/.test(workspaceId)) {
			return {
				error: `The workspace domain of ${REGION_NAMES[region]} needs the Workspace ID in the DashScope credential`,
			};
		}
		return { url: workspaceHost(workspaceId, region) };
	}
	const url = REGION_HOSTS[region as keyof typeof REGION_HOSTS];
	return url ? { url } : { error: `Unknown DashScope region "${region}"` };
}

/** Workspace (and trial) domains: `https://<name>.<region>.maas.aliyuncs.com` (§1.1). */
const WORKSPACE_HOST = /^[A-Za-z0-9-]+\.([a-z0-9-]+)\.maas\.aliyuncs\.com$/i;

/** The region a DashScope host belongs to, or undefined for any other host (§1.1). */
function regionOfHost(hostname: string): DashScopeRegion | undefined {
	const host = hostname.toLowerCase();
	const shared = Object.entries(REGION_HOSTS).find(([, url]) => new URL(url).hostname === host);
	if (shared) return shared[0] as DashScopeRegion;
	const region = WORKSPACE_HOST.exec(host)?.[1];
	return region && region in REGION_NAMES ? (region as DashScopeRegion) : undefined;
}

/**
 * The region a credential really calls: a Custom Base URL on a DashScope host is that host's
 * region (so a Frankfurt workspace domain has no sync API); other custom URLs stay `custom`.
 */
export function effectiveRegion(data: DashScopeCredentialData): DashScopeRegion | string {
	const region = data.region ?? 'cn-beijing';
	if (region !== 'custom') return region;
	try {
		return regionOfHost(new URL(normalizeBaseUrl(String(data.baseUrl ?? ''))).hostname) ?? region;
	} catch {
		return region;
	}
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Who an API root bills: one name per account whatever the spelling of its host. A key works
 * on its region's shared domain and on every workspace domain of that region (§1.1), so any
 * DashScope host is its region; other hosts are their origin and path, with `localhost`,
 * `127.0.0.1` and `[::1]` one machine, default ports dropped, `/api/v1` and case ignored.
 */
export function accountHost(baseUrl: string): string {
	const normalized = normalizeBaseUrl(baseUrl);
	let url: URL;
	try {
		url = new URL(normalized);
	} catch {
		return normalized.toLowerCase();
	}
	const region = regionOfHost(url.hostname);
	if (region) return `dashscope:${region}`;
	const host = LOOPBACK.has(url.hostname) ? 'loopback' : url.hostname;
	const port = url.port ? `:${url.port}` : '';
	return `${url.protocol}//${host}${port}${url.pathname.replace(/\/+$/, '')}`;
}

/** The same mapping as an n8n expression, for the credential test (which cannot call code). */
export const BASE_URL_EXPRESSION =
	"={{ $credentials.region === 'custom' ? String($credentials.baseUrl).trim().replace(/\\/+$/, '').replace(/\\/api\\/v1$/, '')" +
	` : $credentials.region === 'eu-central-1' || ($credentials.domain === 'workspace' && ${JSON.stringify(
		Object.keys(REGION_HOSTS),
	).replace(/"/g, "'")}.includes($credentials.region))` +
	" ? 'https://' + String($credentials.workspaceId).trim() + '.' + $credentials.region + '.maas.aliyuncs.com'" +
	Object.entries(REGION_HOSTS)
		.map(([region, host]) => ` : $credentials.region === '${region}' ? '${host}'`)
		.join('') +
	` : '${REGION_HOSTS['cn-beijing']}' }}`;
