/**
 * Which result URLs the node may download: a spoofed or proxied answer must not make n8n
 * fetch internal services. Results come from DashScope's OSS over http(s); a loopback or
 * link-local host is refused unless the credential's own base URL is on such a host (a local
 * emulator or gateway). Pure.
 */

/** `127.0.0.0/8`, `::1`, `localhost`, `0.0.0.0` → loopback; `169.254.0.0/16`, `fe80::/10` → link-local. */
export function localKind(hostname: string): 'loopback' | 'link-local' | undefined {
	const host = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	if (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		host === '0.0.0.0' ||
		host === '::'
	) {
		return 'loopback';
	}
	if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return 'loopback';
	if (/^::ffff:127\./.test(host)) return 'loopback';
	if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:169\.254\./.test(host))
		return 'link-local';
	if (/^fe[89ab][0-9a-f]:/.test(host)) return 'link-local';
	return undefined;
}

/** Why this result URL is not downloaded (undefined: it may be), given the credential's base URL. */
export function checkResultUrl(url: string, baseUrl: string | undefined): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'is not a valid URL';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return `uses ${parsed.protocol} — results are downloaded over http(s) only`;
	}
	const kind = localKind(parsed.hostname);
	if (!kind) return undefined;
	let baseKind: string | undefined;
	try {
		baseKind = baseUrl ? localKind(new URL(baseUrl).hostname) : undefined;
	} catch {
		baseKind = undefined;
	}
	if (baseKind) return undefined;
	return `points to a ${kind} address (${parsed.hostname}); results are only fetched from such hosts when the credential's Base URL is on one too`;
}
