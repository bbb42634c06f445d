/**
 * The size of a generation request, bounded before it is sent. DashScope documents 10 MB per
 * image but no limit for the whole body; it answers 413 BadRequest.TooLarge when it is too big
 * (docs/dashscope-notes.md §5, open question 3). 50 MiB is an inference [I]: four images at the
 * per-image limit, Base64-encoded, would not fit, and such a request is refused here.
 */
import type { GenerateInput } from './generateInput';

export const REQUEST_BYTES_MAX = 50 * 1024 * 1024;

/** The bytes of the JSON body, near enough: what dominates is the images and the prompts. */
export function estimateRequestBytes(input: GenerateInput): number {
	const text = input.prompt.length * 3 + (input.negativePrompt?.length ?? 0) * 3;
	return input.images.reduce((sum, image) => sum + image.value.length, 1024 + text);
}

/** Why this request is too large to send (undefined: it is not). */
export function checkRequestSize(
	input: GenerateInput,
	max = REQUEST_BYTES_MAX,
): string | undefined {
	const bytes = estimateRequestBytes(input);
	if (bytes <= max) return undefined;
	const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
	return `make a request of about ${mb(bytes)} MB; requests are limited to ${mb(max)} MB (images travel Base64-encoded, a third larger than the files). Use smaller images, fewer images, or public URLs`;
}
