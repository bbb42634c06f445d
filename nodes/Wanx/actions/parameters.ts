/** Reading one text or JSON parameter of an item, and the error that names the parameter and item. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asText } from '../api/values';

/** The error for a parameter of one item: named, with the item, and saying nothing was sent. */
export function inputError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	message: string,
	panelName = parameter,
) {
	return new NodeOperationError(ctx.getNode(), `${parameter} ${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `Parameter "${panelName}" of item ${itemIndex}. Nothing was sent to DashScope.`,
	});
}

/** A text parameter, or an error naming it when the expression gave nothing, null or an object. */
export function readText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	parameter: string,
	fallback: string,
): string {
	const text = asText(ctx.getNodeParameter(name, itemIndex, fallback));
	if (!text.ok) throw inputError(ctx, itemIndex, parameter, text.message);
	return text.value;
}

/** A JSON option: parsed when it arrives as text, as is when an expression made it an object. */
export function readJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	value: unknown,
): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw inputError(ctx, itemIndex, parameter, `is not valid JSON: ${value.slice(0, 100)}`);
	}
}
