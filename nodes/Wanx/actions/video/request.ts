/**
 * One item's video request in the router's two steps: read and checked when the item is prepared
 * (nothing sent), built when its turn comes: binary and Base64 inputs are read again then and
 * uploaded (or inlined where the model takes data URIs), and the plan gets the resolve header
 * when an input is an `oss://` URL.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { RequestPlan } from '../../api/plan';
import type { DashScopeClient } from '../../transport';
import { OSS_RESOLVE_HEADER } from '../../transport/upload';
import { inputError } from '../parameters';
import { planVideo, validateVideo } from './adapter';
import { readVideoParams } from './input';
import { materialize } from './media';

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
	const { params, mode } = await readVideoParams(ctx, itemIndex);
	const problem = validateVideo(params);
	if (problem) throw inputError(ctx, itemIndex, problem.parameter, problem.message);
	return async () => {
		let uploaded = false;
		const media = [];
		for (const entry of params.media) {
			const rule = mode.roles.find((role) => role.role === entry.role)!;
			const sent = await materialize(ctx, client, itemIndex, params.model, entry, rule);
			uploaded ||= sent.uploaded;
			media.push({ ...entry, url: sent.url });
		}
		const planned = planVideo({ ...params, media });
		const headers: Record<string, string> = { 'X-DashScope-Async': 'enable' };
		if (planned.needsOssResolve || uploaded) Object.assign(headers, OSS_RESOLVE_HEADER);
		const plan = {
			method: 'POST',
			path: planned.path,
			headers,
			body: planned.body,
			stream: false,
		} as unknown as RequestPlan;
		return { plan, model: params.model, mode: params.mode };
	};
}
