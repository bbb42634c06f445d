/**
 * nodes/Wanx/api/imageTransfer.ts: which reference images travel inline as data URIs and which
 * through the temporary upload (docs/dashscope-notes.md §2.2, §7.4).
 */
import type { GenerateInput, ImageInput } from '../../nodes/Wanx/api/generateInput';
import {
	DATA_URI_MAX,
	dataUriLength,
	imagesToUpload,
	REQUEST_BYTES_MAX,
} from '../../nodes/Wanx/api/imageTransfer';

const MB = 1024 * 1024;
/** An image the workflow holds as bytes (binary or Base64), its value not needed for the plan. */
const held = (byteLength: number, mimeType = 'image/png'): ImageInput => ({
	label: 'Reference Image',
	value: '',
	mimeType,
	byteLength,
});
const url = (value = 'https://example.com/a.png'): ImageInput => ({
	label: 'Reference Image',
	value,
});
const input = (images: ImageInput[], model = 'wan2.7-image'): GenerateInput => ({
	model,
	mode: 'edit',
	prompt: 'x',
	images,
	size: 'auto',
	n: 1,
	maxImages: 5,
});
const planned = (images: ImageInput[], bodyMax?: number) => [
	...imagesToUpload(input(images), bodyMax),
];

describe('imagesToUpload', () => {
	test('small images and URLs travel as they are: nothing uploaded', () => {
		expect(planned([held(2 * MB), url(), held(5 * MB, 'image/jpeg')])).toEqual([]);
	});

	test('an image whose data URI passes 20 MiB is uploaded; one just under it stays inline', () => {
		// 15,728,640 bytes → 20,971,520 Base64 characters plus the prefix: over by the prefix.
		const over = held(15 * MB);
		const under = held(15 * MB - 64);
		expect(dataUriLength(over)).toBeGreaterThan(DATA_URI_MAX);
		expect(dataUriLength(under)).toBeLessThanOrEqual(DATA_URI_MAX);
		expect(planned([under, over])).toEqual([1]);
	});

	test('nine wan2.7 images of 20 MB: every one is uploaded (each data URI is 26.7 MB)', () => {
		expect(planned(Array.from({ length: 9 }, () => held(20 * MB)))).toEqual([
			0, 1, 2, 3, 4, 5, 6, 7, 8,
		]);
	});

	test('four wan2.6 images at 10 MB: the body would pass 50 MiB, so the largest one is uploaded', () => {
		const images = [held(10 * MB - 10), held(10 * MB), held(10 * MB - 20), held(10 * MB - 30)];
		expect(planned(images)).toEqual([1]);
	});

	test('largest first, until the rest fits the body bound (a parameter)', () => {
		const images = [held(1 * MB), held(3 * MB), held(2 * MB), url()];
		// Inline: about 8 MB of Base64. Under 5 MB: the 3 MB one goes; under 3 MB, the 2 MB one too.
		expect(planned(images, 5 * MB)).toEqual([1]);
		expect(planned(images, 3 * MB)).toEqual([1, 2]);
		expect(planned(images, REQUEST_BYTES_MAX)).toEqual([]);
	});

	test('a URL is never uploaded, however long', () => {
		expect(planned([url(`https://example.com/${'a'.repeat(3000)}.png`)], 1000)).toEqual([]);
	});
});
