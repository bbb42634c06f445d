/**
 * nodes/Wanx/api/validate.ts (with the Size rules of outputSize.ts, the image rules of referenceImage.ts and
 * boxesAndPalette.ts) against the request rules of docs/dashscope-notes.md §2.2–§2.4.
 */
import type { GenerateInput, ImageInput } from '../../nodes/Wanx/api/generateInput';
import { modelRule, SEED_RANGE } from '../../nodes/Wanx/api/models';
import { parseSize, normalizeSize } from '../../nodes/Wanx/api/outputSize';
import { charCount, validateGenerateInput } from '../../nodes/Wanx/api/validate';

const MB = 1024 * 1024;
const img = (value: string, position = 1, extra: Partial<ImageInput> = {}): ImageInput => ({
	label: `Reference Image ${position}`,
	value,
	...extra,
});
const urls = (count: number) =>
	Array.from({ length: count }, (_, i) => img(`https://example.com/${i + 1}.png`, i + 1));
const PNG_URI = 'data:image/png;base64,iVBORw0KGgo=';
const png = (byteLength: number, position = 1) =>
	img(PNG_URI, position, { mimeType: 'image/png', byteLength });

/** Valid edit-mode input: one URL image, everything else at its default. */
function edit(overrides: Partial<GenerateInput> = {}): GenerateInput {
	return {
		model: 'wan2.6-image',
		mode: 'edit',
		prompt: 'Make it blue',
		images: urls(1),
		size: 'auto',
		n: 1,
		maxImages: 5,
		...overrides,
	};
}
/** Valid interleave-mode input: no image. */
function interleave(overrides: Partial<GenerateInput> = {}): GenerateInput {
	return edit({ mode: 'interleave', images: [], ...overrides });
}

/** 😀 is one code point but two UTF-16 units. */
const EMOJI = '\u{1F600}';

describe('validateGenerateInput: bad input names the parameter', () => {
	it.each<[string, GenerateInput, string, string]>([
		// model
		['model empty', edit({ model: '' }), 'Model', 'is not a model id'],
		['model blank', edit({ model: '   ' }), 'Model', '"   " is not a model id'],
		[
			'model with a space inside',
			edit({ model: 'wan2.6 image' }),
			'Model',
			'"wan2.6 image" is not a model id',
		],
		['model with a tab inside', edit({ model: 'wan2.6-\timage' }), 'Model', 'is not a model id'],
		// prompt
		['prompt empty', edit({ prompt: '' }), 'Prompt', 'is empty'],
		['prompt whitespace only', edit({ prompt: ' \n\t  ' }), 'Prompt', 'is empty'],
		[
			'prompt 2001 ASCII chars',
			edit({ prompt: 'a'.repeat(2001) }),
			'Prompt',
			'has 2001 characters; the API allows 2000',
		],
		[
			'prompt 2001 astral chars',
			edit({ prompt: EMOJI.repeat(2001) }),
			'Prompt',
			'has 2001 characters',
		],
		['prompt 2001 CJK chars', edit({ prompt: '青'.repeat(2001) }), 'Prompt', 'has 2001 characters'],
		// negative prompt
		[
			'negative prompt 501 chars',
			edit({ negativePrompt: 'x'.repeat(501) }),
			'Negative Prompt',
			'has 501 characters; the API allows 500',
		],
		[
			'negative prompt 501 astral chars',
			edit({ negativePrompt: EMOJI.repeat(501) }),
			'Negative Prompt',
			'has 501 characters',
		],
		// image count
		[
			'edit with 0 images',
			edit({ images: [] }),
			'Reference Images',
			'needs 1 to 4 reference images; got 0',
		],
		[
			'edit with 5 images',
			edit({ images: urls(5) }),
			'Reference Images',
			'needs 1 to 4 reference images; got 5',
		],
		[
			'interleave with 2 images',
			interleave({ images: urls(2) }),
			'Reference Images',
			'at most 1 reference image; got 2',
		],
		// image values
		[
			'image not a URL',
			edit({ images: [img('not a url')] }),
			'Reference Image 1',
			'is not a valid URL',
		],
		[
			'image ftp://',
			edit({ images: [img('ftp://example.com/a.png')] }),
			'Reference Image 1',
			'uses ftp:',
		],
		[
			'image file://',
			edit({ images: [img('file:///tmp/a.png')] }),
			'Reference Image 1',
			'uses file:',
		],
		['image empty', edit({ images: [img('')] }), 'Reference Image 1', 'is empty'],
		['image blank', edit({ images: [img('   ')] }), 'Reference Image 1', 'is empty'],
		[
			'data URI without ;base64',
			edit({ images: [img('data:image/png,iVBORw0KGgo=')] }),
			'Reference Image 1',
			'not of the form data:<mime type>;base64,<data>',
		],
		[
			'data URI without a mime type',
			edit({ images: [img('data:;base64,iVBORw0KGgo=')] }),
			'Reference Image 1',
			'not of the form',
		],
		[
			'data URI image/gif',
			edit({ images: [img('data:image/gif;base64,R0lGODlhAQABAAAAACw=')] }),
			'Reference Image 1',
			'has type image/gif',
		],
		[
			'data URI declared gif by mimeType',
			edit({ images: [img(PNG_URI, 1, { mimeType: 'image/gif', byteLength: 10 })] }),
			'Reference Image 1',
			'has type image/gif',
		],
		[
			'data URI text/plain',
			edit({ images: [img('data:text/plain;base64,aGk=')] }),
			'Reference Image 1',
			'has type text/plain',
		],
		[
			'data URI 10 MB + 1 byte',
			edit({ images: [png(10 * MB + 1)] }),
			'Reference Image 1',
			'up to 10 MB',
		],
		['data URI 12.5 MB', edit({ images: [png(12.5 * MB)] }), 'Reference Image 1', '(12.50 MB)'],
		['data URI 0 bytes', edit({ images: [png(0)] }), 'Reference Image 1', 'is empty (0 bytes)'],
		[
			'second of three images bad',
			edit({
				images: [
					img('https://example.com/1.png', 1),
					img('ftp://x/2.png', 2),
					img('https://example.com/3.png', 3),
				],
			}),
			'Reference Image 2',
			'uses ftp:',
		],
		[
			'interleave image bad',
			interleave({ images: [img('file:///a.png')] }),
			'Reference Image 1',
			'uses file:',
		],
		// n (edit only)
		['n 0', edit({ n: 0 }), 'Number of Images', 'from 1 to 4; got 0'],
		['n 5', edit({ n: 5 }), 'Number of Images', 'from 1 to 4; got 5'],
		['n 1.5', edit({ n: 1.5 }), 'Number of Images', 'got 1.5'],
		['n NaN', edit({ n: Number.NaN }), 'Number of Images', 'got NaN'],
		// max images (interleave only)
		['maxImages 0', interleave({ maxImages: 0 }), 'Max Images', 'from 1 to 5; got 0'],
		['maxImages 6', interleave({ maxImages: 6 }), 'Max Images', 'from 1 to 5; got 6'],
		['maxImages 2.5', interleave({ maxImages: 2.5 }), 'Max Images', 'got 2.5'],
		// size
		[
			'size 1K in interleave',
			interleave({ size: '1K' }),
			'Size',
			'1K is only available in image editing mode',
		],
		[
			'size 2K in interleave',
			interleave({ size: '2K' }),
			'Size',
			'2K is only available in image editing mode',
		],
		['size garbage', edit({ size: 'huge' }), 'Size', '"huge" is not a size'],
		['size 1280* (one side)', edit({ size: '1280*' }), 'Size', 'is not a size'],
		[
			'size 3k (a tier in any case, not offered)',
			edit({ size: '3k' }),
			'Size',
			'3K is not offered',
		],
		['size 500*500 too small', edit({ size: '500*500' }), 'Size', '500*500 has 250000 pixels'],
		['size 767*768 one pixel row short', edit({ size: '767*768' }), 'Size', 'has 589056 pixels'],
		[
			'size 2100*2100 in edit',
			edit({ size: '2100*2100' }),
			'Size',
			'2100*2100 has 4410000 pixels; image editing allows 768*768 to 2048*2048',
		],
		['size 2048*2049 in edit', edit({ size: '2048x2049' }), 'Size', '2048*2049 has'],
		[
			'size 1440*1440 in interleave',
			interleave({ size: '1440*1440' }),
			'Size',
			'1440*1440 has 2073600 pixels; interleaved output allows 768*768 to 1280*1280',
		],
		[
			'size 2048*2048 in interleave',
			interleave({ size: '2048*2048' }),
			'Size',
			'interleaved output allows',
		],
		[
			'size 4000*900 ratio > 4:1',
			edit({ size: '4000*900' }),
			'Size',
			'4000*900 has an aspect ratio outside 1:4 to 4:1',
		],
		[
			'size 600*2500 ratio < 1:4',
			edit({ size: '600*2500' }),
			'Size',
			'aspect ratio outside 1:4 to 4:1',
		],
		// seed
		['seed -1', edit({ seed: -1 }), 'Seed', 'from 0 to 2147483647; got -1'],
		['seed 2147483648', edit({ seed: 2147483648 }), 'Seed', 'got 2147483648'],
		['seed 1.5', edit({ seed: 1.5 }), 'Seed', 'got 1.5'],
		['seed NaN', interleave({ seed: Number.NaN }), 'Seed', 'got NaN'],
		// first problem wins
		[
			'bad model and bad prompt → model first',
			edit({ model: '', prompt: '' }),
			'Model',
			'is not a model id',
		],
		[
			'bad prompt and bad images → prompt first',
			edit({ prompt: '', images: [] }),
			'Prompt',
			'is empty',
		],
		['bad n and bad size → n first', edit({ n: 9, size: 'huge' }), 'Number of Images', 'got 9'],
		[
			'bad size and bad seed → size first',
			edit({ size: 'huge', seed: -1 }),
			'Size',
			'is not a size',
		],
	])('%s', (_title, input, parameter, fragment) => {
		const problem = validateGenerateInput(input);
		expect(problem).toStrictEqual({ parameter, message: expect.stringContaining(fragment) });
	});
});

describe('validateGenerateInput: good input passes', () => {
	it.each<[string, GenerateInput]>([
		['edit defaults', edit()],
		['edit with 1 image', edit({ images: urls(1) })],
		['edit with 4 images', edit({ images: urls(4) })],
		['interleave with 0 images', interleave()],
		['interleave with 1 image', interleave({ images: urls(1) })],
		['oss:// URL', edit({ images: [img('oss://dashscope-instant/abc/2026-01-01/e.png')] })],
		['http:// URL', edit({ images: [img('http://example.com/a.jpg')] })],
		['URL with surrounding whitespace', edit({ images: [img('  https://example.com/a.jpg ')] })],
		['data URI png at exactly 10 MB', edit({ images: [png(10 * MB)] })],
		['data URI png of 1 byte', edit({ images: [png(1)] })],
		[
			'data URI jpeg/jpg/bmp/webp',
			edit({
				images: ['jpeg', 'jpg', 'bmp', 'webp'].map((t, i) =>
					img(`data:image/${t};base64,AAAA`, i + 1),
				),
			}),
		],
		['data URI with uppercase mime', edit({ images: [img('data:IMAGE/PNG;base64,AAAA')] })],
		['data URI without byteLength (URL field)', edit({ images: [img(PNG_URI)] })],
		['prompt exactly 2000 chars', edit({ prompt: 'a'.repeat(2000) })],
		['prompt 2000 astral chars (4000 UTF-16 units)', edit({ prompt: EMOJI.repeat(2000) })],
		[
			'prompt 1999 ASCII + 1 astral (UTF-16 length 2001)',
			edit({ prompt: 'a'.repeat(1999) + EMOJI }),
		],
		['negative prompt exactly 500 chars', edit({ negativePrompt: 'x'.repeat(500) })],
		['negative prompt 500 astral chars', edit({ negativePrompt: EMOJI.repeat(500) })],
		['model with surrounding spaces', edit({ model: ' wan2.6-image ' })],
		['size auto', edit({ size: 'auto' })],
		['size empty', edit({ size: '' })],
		['size 1K edit', edit({ size: '1K' })],
		['size 2K edit', edit({ size: '2K' })],
		['size 1k edit (tiers in any case)', edit({ size: '1k' })],
		['size  2k  edit', edit({ size: ' 2k ' })],
		['size 768*768 edit (minimum)', edit({ size: '768*768' })],
		['size 768*768 interleave (minimum)', interleave({ size: '768*768' })],
		['size 2048*2048 edit (maximum)', edit({ size: '2048*2048' })],
		['size 1280*1280 interleave (maximum)', interleave({ size: '1280*1280' })],
		['size 1280x1280 interleave', interleave({ size: '1280x1280' })],
		['size 2048*512 edit, 4:1 exactly', edit({ size: '2048*512' })],
		['size 512*2048 edit, 1:4 exactly', edit({ size: '512*2048' })],
		['size 2048*512 interleave, 4:1 exactly', interleave({ size: '2048*512' })],
		['size 1344*576 (21:9, documented)', interleave({ size: '1344*576' })],
		['n 1', edit({ n: 1 })],
		['n 4', edit({ n: 4 })],
		['n is not checked in interleave (not sent)', interleave({ n: 7 })],
		['maxImages 1', interleave({ maxImages: 1 })],
		['maxImages 5', interleave({ maxImages: 5 })],
		['maxImages is not checked in edit (not sent)', edit({ maxImages: 0 })],
		['seed 0', edit({ seed: 0 })],
		['seed 2147483647', edit({ seed: 2147483647 })],
		[
			'all options set',
			edit({
				negativePrompt: 'blurry',
				promptExtend: false,
				watermark: true,
				seed: 1,
				n: 2,
				size: '1280*720',
			}),
		],
	])('%s', (_title, input) => {
		expect(validateGenerateInput(input)).toBeUndefined();
	});
});

describe('parseSize', () => {
	it.each<[string, { width: number; height: number; normalized: string } | undefined]>([
		['1280*720', { width: 1280, height: 720, normalized: '1280*720' }],
		['1280x720', { width: 1280, height: 720, normalized: '1280*720' }],
		['1280X720', { width: 1280, height: 720, normalized: '1280*720' }],
		['1280 × 720', { width: 1280, height: 720, normalized: '1280*720' }],
		['  960 * 1280  ', { width: 960, height: 1280, normalized: '960*1280' }],
		['01280*0720', { width: 1280, height: 720, normalized: '1280*720' }],
		['1K', undefined],
		['auto', undefined],
		['', undefined],
		['1280', undefined],
		['1280*720*3', undefined],
		['1280,720', undefined],
		['-1280*720', undefined],
		['1280.5*720', undefined],
		['1*1', undefined],
		['123456*720', undefined],
	])('%j', (size, expected) => {
		expect(parseSize(size)).toStrictEqual(expected);
	});
});

describe('charCount counts code points', () => {
	it.each<[string, number]>([
		['', 0],
		['abc', 3],
		['青椒炒肉', 4],
		[EMOJI, 1],
		[EMOJI.repeat(3), 3],
		['a' + EMOJI + 'b', 3],
		['\n\t ', 3],
	])('%j → %i', (text, expected) => {
		expect(charCount(text)).toBe(expected);
	});
});

describe('the wan2.6-image row matches the reference', () => {
	const row = modelRule('wan2.6-image');
	it.each<[string, unknown, unknown]>([
		['prompt chars (§2.2)', row.promptChars, 2000],
		['negative prompt chars (§2.3)', row.negativePromptChars, 500],
		['edit images (§2.2)', row.modes.edit?.images, [1, 4]],
		['interleave images (§2.2)', row.modes.interleave?.images, [0, 1]],
		['n (§2.3)', row.modes.edit?.count, { name: 'n', range: [1, 4], apiDefault: 4 }],
		[
			'max_images (§2.3)',
			row.modes.interleave?.count,
			{ name: 'max_images', range: [1, 5], apiDefault: 5 },
		],
		['seed (§2.3)', SEED_RANGE, [0, 2147483647]],
		['image bytes (§2.2)', row.inputImage.bytes, 10485760],
		['edit pixels (§2.4)', row.modes.edit?.size.pixels, [589824, 4194304]],
		[
			'interleave pixels (§2.4, 589,824–1,638,400)',
			row.modes.interleave?.size.pixels,
			[589824, 1638400],
		],
		['ratio (§2.4)', row.modes.edit?.size.ratio, [0.25, 4]],
		[
			'sync: JSON for editing, SSE for interleave (§4.4)',
			[row.modes.edit?.sync, row.modes.interleave?.sync],
			['json', 'sse'],
		],
		['5 submissions per second (§6.1)', row.submissionsPerSecond, { default: 5 }],
	])('%s', (_title, actual, expected) => {
		expect(actual).toStrictEqual(expected);
	});
});

describe('normalizeSize', () => {
	it.each([
		['1k', '1K'],
		[' 2K ', '2K'],
		['4k', '4K'],
		[' auto ', 'auto'],
		['1280x720', '1280*720'],
		['1280 × 720', '1280*720'],
		['auto', 'auto'],
		['banana', 'banana'],
	])('%j → %j', (input, expected) => {
		expect(normalizeSize(input)).toBe(expected);
	});
});
