/**
 * How each reference image travels to DashScope: inline, as a Base64 data URI in the JSON body
 * (documented for every image model, no extra call), or by DashScope's temporary file upload as an
 * `oss://` URL (docs/dashscope-notes.md §7.4) when inline cannot work. wan2.7 takes nine images of
 * up to 20 MB: inline, that is a 240 MB body. Pure: the plan is made when the item is checked,
 * so nothing that could not be sent is sent, and carried out when its turn comes.
 */
import type { GenerateInput, ImageInput } from './generateInput';

/**
 * The longest data URI DashScope takes in one field: 20 MiB, answered as `BadRequest.TooLarge`
 * "Exceeded limit on max bytes per data-uri item : 20971520" on the same multimodal endpoint for
 * another model [3P S16]; for Wan not stated [I].
 */
export const DATA_URI_MAX = 20 * 1024 * 1024;

/**
 * The largest JSON body sent. DashScope documents a limit per image but none for the body; it
 * answers 413 BadRequest.TooLarge when it is too big (§5.2, §11 question 3) [I].
 */
export const REQUEST_BYTES_MAX = 50 * 1024 * 1024;

/** Characters of an image's data URI: the prefix and the Base64 of its bytes. */
export const dataUriLength = (image: ImageInput) =>
	`data:${image.mimeType};base64,`.length + Math.ceil(image.byteLength! / 3) * 4;

/** An image the workflow holds as bytes (binary, Base64 or a data URI): it can be uploaded. */
const hasBytes = (image: ImageInput) => image.byteLength !== undefined;

/** The length an uploaded image's `oss://` URL stands for in the body, near enough. */
const OSS_URL_CHARS = 200;

/** The body's bytes with the given images uploaded: the images and the prompts dominate. */
function requestBytes(input: GenerateInput, uploads: ReadonlySet<number>): number {
	const text = input.prompt.length * 3 + (input.negativePrompt?.length ?? 0) * 3;
	return input.images.reduce(
		(sum, image, index) =>
			sum +
			(uploads.has(index)
				? OSS_URL_CHARS
				: hasBytes(image)
					? dataUriLength(image)
					: image.value.length),
		1024 + text,
	);
}

/**
 * The positions (0-based) of the images to upload: each whose data URI would be over
 * DATA_URI_MAX, then the largest of the rest until the body fits REQUEST_BYTES_MAX. Images given
 * as URLs are sent as they are; small images stay inline (no upload, nothing kept for 48 h).
 */
export function imagesToUpload(input: GenerateInput, bodyMax = REQUEST_BYTES_MAX): Set<number> {
	const uploads = new Set<number>();
	const inline = input.images
		.map((image, index) => ({ image, index }))
		.filter(({ image }) => hasBytes(image));
	for (const { image, index } of inline) {
		if (dataUriLength(image) > DATA_URI_MAX) uploads.add(index);
	}
	const largestFirst = inline
		.filter(({ index }) => !uploads.has(index))
		.sort((a, b) => b.image.byteLength! - a.image.byteLength!);
	for (const { index } of largestFirst) {
		if (requestBytes(input, uploads) <= bodyMax) break;
		uploads.add(index);
	}
	return uploads;
}
