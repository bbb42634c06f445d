/**
 * DashScope regions and their API hosts (docs/dashscope-notes.md §1.1). Keys, endpoints
 * and models are bound to one region, so the region is part of the credential.
 */
export type DashScopeRegion =
	| 'cn-beijing'
	| 'ap-southeast-1'
	| 'us-east-1'
	| 'eu-central-1'
	| 'custom';

export interface DashScopeCredentialData {
	apiKey?: string;
	region?: DashScopeRegion;
	baseUrl?: string;
	workspaceId?: string;
	/** Tasks the account may run at once (PENDING + RUNNING); DashScope's default is 5. */
	runningTasks?: number;
}

/** Regions with a fixed public host. Frankfurt only has workspace hosts; custom is user-given. */
export const REGION_HOSTS: Record<'cn-beijing' | 'ap-southeast-1' | 'us-east-1', string> = {
	'cn-beijing': 'https://dashscope.aliyuncs.com',
	'ap-southeast-1': 'https://dashscope-intl.aliyuncs.com',
	'us-east-1': 'https://dashscope-us.aliyuncs.com',
};

const frankfurtHost = (workspaceId: string) =>
	`https://${workspaceId}.eu-central-1.maas.aliyuncs.com`;

/** Trims trailing slashes and a trailing `/api/v1`, which people often paste with a gateway URL. */
export function normalizeBaseUrl(url: string): string {
	return url
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/v1$/, '');
}

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
	if (region === 'eu-central-1') {
		const workspaceId = String(data.workspaceId ?? '').trim();
		if (!/^[A-Za-z0-9-]+$/.test(workspaceId)) {
			return {
				error: 'The Germany (Frankfurt) region needs the Workspace ID in the DashScope credential',
			};
		}
		return { url: frankfurtHost(workspaceId) };
	}
	const url = REGION_HOSTS[region];
	return url ? { url } : { error: `Unknown DashScope region "${region}"` };
}

/** Frankfurt's workspace hosts: `https://<workspace>.eu-central-1.maas.aliyuncs.com` (§1.1). */
const FRANKFURT_HOST = /^[A-Za-z0-9-]+\.eu-central-1\.maas\.aliyuncs\.com$/i;

/**
 * The region a credential really calls: a Custom Base URL on a Frankfurt workspace host is
 * Frankfurt (which has no sync API); other custom URLs stay `custom`.
 */
export function effectiveRegion(data: DashScopeCredentialData): DashScopeRegion | string {
	const region = data.region ?? 'cn-beijing';
	if (region !== 'custom') return region;
	try {
		return FRANKFURT_HOST.test(new URL(normalizeBaseUrl(String(data.baseUrl ?? ''))).hostname)
			? 'eu-central-1'
			: region;
	} catch {
		return region;
	}
}

/** The same mapping as an n8n expression, for the credential test (which cannot call code). */
export const BASE_URL_EXPRESSION =
	"={{ $credentials.region === 'custom' ? String($credentials.baseUrl).trim().replace(/\\/+$/, '').replace(/\\/api\\/v1$/, '')" +
	" : $credentials.region === 'eu-central-1' ? 'https://' + String($credentials.workspaceId).trim() + '.eu-central-1.maas.aliyuncs.com'" +
	Object.entries(REGION_HOSTS)
		.map(([region, host]) => ` : $credentials.region === '${region}' ? '${host}'`)
		.join('') +
	` : '${REGION_HOSTS['cn-beijing']}' }}`;
