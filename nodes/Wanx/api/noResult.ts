/**
 * A success answer without a result is not a success (a 200 with an HTML page or `{}`, a
 * SUCCEEDED task without images). Pure: says what is missing, or undefined when the result is there.
 */
import type { GenerationResult } from './types';

export function missingResult(body: unknown, result: GenerationResult): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		const text = typeof body === 'string' ? body.trim() : '';
		const looksHtml = /^<(!doctype|html)/i.test(text);
		return `the answer is unreadable: ${looksHtml ? 'an HTML page' : text ? 'not JSON' : 'empty'}${text ? ` (${text.slice(0, 120)})` : ''}`;
	}
	if (result.images.length > 0) return undefined;
	// Interleaved output may, in principle, be text only; editing always yields images.
	if (result.mode === 'interleave' && result.text) return undefined;
	return result.mode === 'interleave'
		? 'the answer holds neither text nor images'
		: 'the answer holds no images';
}
