/**
 * A DashScopeClient inside a scripted n8n context (no network): every HTTP call, whichever helper
 * makes it (a create goes through httpRequest so that Stop cannot cut it, the rest through
 * httpRequestWithAuthentication), is answered by `answer`.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { ClientSettings } from '../../nodes/Wanx/transport/call';
import { DashScopeClient } from '../../nodes/Wanx/transport/client';

export type Answer = (options: IHttpRequestOptions) => Promise<unknown>;

export function scriptedClient(
	answer: Answer,
	{
		credentials = {},
		settings = {},
		typeVersion = 2,
	}: {
		credentials?: Record<string, unknown>;
		settings?: Partial<ClientSettings>;
		typeVersion?: number;
	} = {},
): DashScopeClient {
	const ctx = {
		getExecutionCancelSignal: () => undefined,
		getNode: () => ({
			id: 'n1',
			name: 'Wanx',
			type: 'n8n-nodes-wanx.wanx',
			typeVersion,
			position: [0, 0],
			parameters: {},
		}),
		getCredentials: async () => ({
			apiKey: 'sk-scripted-test',
			region: 'custom',
			baseUrl: 'https://scripted.test',
			...credentials,
		}),
		helpers: {
			httpRequest: answer,
			httpRequestWithAuthentication: (_type: string, options: IHttpRequestOptions) =>
				answer(options),
		},
	} as unknown as IExecuteFunctions;
	return new DashScopeClient(ctx, settings);
}
