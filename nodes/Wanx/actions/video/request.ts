/**
 * One item's video request in the router's two steps: read and checked when the item is prepared
 * (nothing sent), built when its turn comes: binary and Base64 inputs are read again then and
 * uploaded through DashScope's temporary storage (or inlined where the model takes data URIs), and
 * the call carries `X-DashScope-OssResourceResolve: enable` when an input is an `oss://` URL.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { RequestPlan } from '../../api/plan';
import { planVideoRequest } from '../../api/videoPlan';
import type { DashScopeClient } from '../../transport/client';
import { OSS_RESOLVE_HEADER } from '../../transport/upload';
import { readVideoInput } from './input';
import { materialize, mediaItem } from './media';

export type PreparedVideoRequest = () => Promise<{
	plan: RequestPlan;
	model: string;
	mode: string;
}>;

export async function prepareVideoRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	client: DashScopeClient,
): Promise<PreparedVideoRequest> {
	const { input, media, mode } = await readVideoInput(ctx, itemIndex);
	return async () => {
		const sent = [];
		for (const entry of media) {
			const rule = mode.roles.find((role) => role.role === entry.role)!;
			const { url } = await materialize(ctx, client, itemIndex, input.model, entry, rule);
			sent.push(mediaItem({ ...entry, url }, rule));
		}
		const planned = planVideoRequest({ ...input, media: sent });
		const headers: Record<string, string> = { 'X-DashScope-Async': 'enable' };
		if (planned.needsOssResolve) Object.assign(headers, OSS_RESOLVE_HEADER);
		// The create call as createTask sends it; the body is the video layer's.
		const path = planned.path.startsWith('/api/') ? planned.path : `/api/v1${planned.path}`;
		const plan = {
			method: 'POST',
			path,
			model: planned.model,
			headers,
			body: planned.body,
			stream: false,
		};
		return { plan: plan as unknown as RequestPlan, model: input.model, mode: input.mode };
	};
}
