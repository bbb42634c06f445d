/**
 * One item's generation request in the router's two steps: everything is read and checked when the
 * item is prepared (nothing sent), and the request is built when its turn comes. Binary reference
 * images are read again then, so prepared items do not hold their Base64 (memory stays flat in the
 * number of items).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { GenerateInput } from '../../api/generateInput';
import { planGenerate, type Endpoint, type RequestPlan } from '../../api/plan';
import { readGenerateInput } from './input';
import { withBinaryImages, withoutBinaryImages } from './referenceImages';

/** Builds the checked item's request, its binary images read again. */
type PreparedRequest = () => Promise<{ input: GenerateInput; plan: RequestPlan }>;

export async function prepareRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: Endpoint,
): Promise<PreparedRequest> {
	const prepared = withoutBinaryImages(await readGenerateInput(ctx, itemIndex));
	return async () => {
		const input = await withBinaryImages(ctx, itemIndex, prepared);
		return { input, plan: planGenerate(input, endpoint) };
	};
}
