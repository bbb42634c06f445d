/**
 * Image types by magic number (nodes/Wanx/api/imageBytes.ts, docs/dashscope-notes.md §2.2 formats)
 * and result file names (nodes/Wanx/actions/output.ts).
 */
import { resultFileName } from '../../nodes/Wanx/actions/output';
import { sniffImageMimeType } from '../../nodes/Wanx/api/imageBytes';

const bytes = (...values: Array<number | string>) =>
	Uint8Array.from(
		values.flatMap((v) => (typeof v === 'string' ? Array.from(v, (c) => c.charCodeAt(0)) : [v])),
	);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('sniffImageMimeType', () => {
	it.each<[string, Uint8Array, string | undefined]>([
		['PNG', bytes(...PNG, 0, 0, 0, 13, 'IHDR'), 'image/png'],
		['PNG signature only', bytes(...PNG), 'image/png'],
		['PNG truncated to 7 bytes', bytes(...PNG.slice(0, 7)), undefined],
		['PNG with a wrong 8th byte', bytes(...PNG.slice(0, 7), 0x00), undefined],
		['JPEG/JFIF', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'JFIF'), 'image/jpeg'],
		['JPEG/Exif', bytes(0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 'Exif'), 'image/jpeg'],
		['JPEG truncated to 2 bytes', bytes(0xff, 0xd8), undefined],
		['BMP', bytes('BM', 0x36, 0x00, 0x0c, 0x00, 0, 0, 0, 0), 'image/bmp'],
		['WEBP (RIFF....WEBPVP8 )', bytes('RIFF', 0x24, 0x00, 0x00, 0x00, 'WEBPVP8 '), 'image/webp'],
		['WEBP header only (12 bytes)', bytes('RIFF', 0, 0, 0, 0, 'WEBP'), 'image/webp'],
		['RIFF WAVE is not an image', bytes('RIFF', 0x24, 0x00, 0x00, 0x00, 'WAVEfmt '), undefined],
		[
			'RIFF truncated before the form type',
			bytes('RIFF', 0x24, 0x00, 0x00, 0x00, 'WEB'),
			undefined,
		],
		['GIF87a', bytes('GIF87a', 1, 0, 1, 0), 'image/gif'],
		['GIF89a', bytes('GIF89a', 1, 0, 1, 0), 'image/gif'],
		['PDF', bytes('%PDF-1.7'), undefined],
		['text', bytes('hello world'), undefined],
		['TIFF', bytes('II*', 0x00), undefined],
		['empty', new Uint8Array(0), undefined],
		['one byte 0x89', bytes(0x89), undefined],
		['a Node Buffer of a PNG', Buffer.from([...PNG, 0, 0]), 'image/png'],
		['PNG signature not at offset 0', bytes(0, ...PNG), undefined],
	])('%s → %s', (_title, input, expected) => {
		expect(sniffImageMimeType(input)).toBe(expected);
	});
});

describe('resultFileName', () => {
	it.each<[string | undefined, number, string, string]>([
		['858cad55-4bdc-4ba3-ae6c-xxxxxx', 0, 'image/png', 'wanx-858cad55-4bdc-4ba3-ae6c-xxxxxx-1.png'],
		['858cad55-4bdc-4ba3-ae6c-xxxxxx', 1, 'image/png', 'wanx-858cad55-4bdc-4ba3-ae6c-xxxxxx-2.png'],
		['task_1', 2, 'image/jpeg', 'wanx-task_1-3.jpg'],
		['task_1', 0, 'image/webp', 'wanx-task_1-1.webp'],
		['task_1', 0, 'image/bmp', 'wanx-task_1-1.bmp'],
		['task_1', 0, 'application/octet-stream', 'wanx-task_1-1.png'],
		['task_1', 0, '', 'wanx-task_1-1.png'],
		[undefined, 0, 'image/png', 'wanx-result-1.png'],
		['', 4, 'image/png', 'wanx-result-5.png'],
		['5c67585e-…', 0, 'image/png', 'wanx-5c67585e--1.png'],
		['…', 0, 'image/png', 'wanx-result-1.png'],
		['../../etc/passwd', 0, 'image/png', 'wanx-etcpasswd-1.png'],
		['a b/c?d\\e:f', 0, 'image/png', 'wanx-abcdef-1.png'],
		['x'.repeat(100), 0, 'image/png', `wanx-${'x'.repeat(64)}-1.png`],
	])('%j #%i %s → %s', (id, index, mime, expected) => {
		expect(resultFileName(id, index, mime)).toBe(expected);
	});
});
