/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests use Node's own modules; they never run inside n8n */
/**
 * The pure safety checks: parameter coercion, image headers, result URL policy, empty results,
 * request size, the effective region, and the SSE decoder's frame cap and linear time.
 */
import { deflateSync } from 'node:zlib';

import { effectiveRegion } from '../../credentials/dashScopeRegions';
import { asText, describeValue, wholeNumberOrRaw } from '../../nodes/Wanx/api/values';
import {
	isCompleteImage,
	readImageHeader,
	type ImageHeader,
} from '../../nodes/Wanx/api/imageBytes';
import type { Range } from '../../nodes/Wanx/api/modelRule';
import { modelRule } from '../../nodes/Wanx/api/models';
import { missingResult } from '../../nodes/Wanx/api/parse';
import {
	checkPixels,
	isAcceptedType,
	unreadableImage,
	wrongType,
} from '../../nodes/Wanx/api/referenceImage';
import { checkResultUrl, localKind } from '../../nodes/Wanx/api/resultUrl';
import { FRAME_TOO_LARGE, MAX_FRAME_CHARS, SseDecoder } from '../../nodes/Wanx/api/sseFrames';
import { assembleSse } from './assembleSse';

import { countScanned, ScanBudgetExceeded } from './scanMeter';

describe('coerce', () => {
	test.each<[unknown, string]>([
		[undefined, 'nothing (undefined)'],
		[null, 'null'],
		['', 'an empty text'],
		['abc', 'the text "abc"'],
		[3, '3'],
		[2.5, '2.5'],
		[true, 'the boolean true'],
		[[1, 2], 'a list of 2'],
		[{ a: 1 }, 'an object'],
	])('describeValue(%j) → %s', (value, text) => expect(describeValue(value)).toBe(text));

	test.each<[unknown, ReturnType<typeof asText>]>([
		['a cat', { ok: true, value: 'a cat' }],
		[42, { ok: true, value: '42' }],
		[false, { ok: true, value: 'false' }],
		[undefined, { ok: false, message: 'is empty: the expression gave nothing (undefined)' }],
		[null, { ok: false, message: 'is empty: the expression gave null' }],
		[{}, { ok: false, message: 'must be text; got an object' }],
		[['x'], { ok: false, message: 'must be text; got a list of 1' }],
		[Number.NaN, { ok: false, message: 'must be text; got NaN' }],
	])('asText(%j)', (value, expected) => expect(asText(value)).toEqual(expected));

	test.each<[unknown, unknown]>([
		['3', 3],
		[' 4 ', 4],
		['+2', 2],
		['-1', -1],
		['2.5', '2.5'],
		['three', 'three'],
		['', ''],
		[3, 3],
		[undefined, undefined],
	])('wholeNumberOrRaw(%j) → %j', (value, expected) =>
		expect(wholeNumberOrRaw(value)).toEqual(expected),
	);
});

// ---- image headers ---------------------------------------------------------------------------

function png(width: number, height: number): Buffer {
	const ihdr = Buffer.alloc(25);
	ihdr.writeUInt32BE(13, 0);
	ihdr.write('IHDR', 4, 'ascii');
	ihdr.writeUInt32BE(width, 8);
	ihdr.writeUInt32BE(height, 12);
	ihdr[16] = 8;
	ihdr[17] = 2;
	const idat = deflateSync(Buffer.alloc(4));
	const idatChunk = Buffer.concat([
		Buffer.from([0, 0, 0, idat.length]),
		Buffer.from('IDAT'),
		idat,
		Buffer.alloc(4),
	]);
	const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		ihdr,
		idatChunk,
		iend,
	]);
}
const jpeg = (w: number, h: number, sof = 0xc0) =>
	Buffer.from([
		0xff,
		0xd8,
		0xff,
		0xe1,
		0x00,
		0x04,
		0x00,
		0x00,
		0xff,
		sof,
		0x00,
		0x11,
		0x08,
		h >> 8,
		h & 255,
		w >> 8,
		w & 255,
		3,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0xff,
		0xd9,
	]);
const bmp = (w: number, h: number, headerSize = 40) => {
	const b = Buffer.alloc(54);
	b.write('BM', 0, 'ascii');
	b.writeUInt32LE(54, 2);
	b.writeUInt32LE(headerSize, 14);
	if (headerSize === 12) {
		b.writeUInt16LE(w, 18);
		b.writeUInt16LE(h, 20);
	} else {
		b.writeInt32LE(w, 18);
		b.writeInt32LE(h, 22);
	}
	return b;
};
const riff = (chunk: string, body: Buffer) => {
	const b = Buffer.concat([
		Buffer.from('RIFF\0\0\0\0WEBP'),
		Buffer.from(chunk, 'ascii'),
		Buffer.alloc(4),
		body,
	]);
	b.writeUInt32LE(b.length - 8, 4);
	return b;
};
const vp8 = (w: number, h: number) =>
	riff('VP8 ', Buffer.from([0, 0, 0, 0x9d, 0x01, 0x2a, w & 255, w >> 8, h & 255, h >> 8, 0, 0]));
const vp8l = (w: number, h: number) => {
	const bits = ((w - 1) | ((h - 1) << 14)) >>> 0;
	return riff(
		'VP8L',
		Buffer.from([
			0x2f,
			bits & 255,
			(bits >> 8) & 255,
			(bits >> 16) & 255,
			(bits >>> 24) & 255,
			0,
			0,
			0,
			0,
			0,
		]),
	);
};
const vp8x = (w: number, h: number) =>
	riff(
		'VP8X',
		Buffer.from([
			0,
			0,
			0,
			0,
			(w - 1) & 255,
			((w - 1) >> 8) & 255,
			0,
			(h - 1) & 255,
			((h - 1) >> 8) & 255,
			0,
		]),
	);

describe('readImageHeader', () => {
	test.each<[string, Buffer, object | undefined]>([
		['PNG', png(1280, 720), { mimeType: 'image/png', width: 1280, height: 720 }],
		[
			'JPEG baseline after an APP1',
			jpeg(640, 480),
			{ mimeType: 'image/jpeg', width: 640, height: 480 },
		],
		[
			'JPEG progressive (SOF2)',
			jpeg(300, 9000, 0xc2),
			{ mimeType: 'image/jpeg', width: 300, height: 9000 },
		],
		['JPEG cut before its frame', jpeg(640, 480).subarray(0, 9), { mimeType: 'image/jpeg' }],
		['BMP bottom-up', bmp(500, 400), { mimeType: 'image/bmp', width: 500, height: 400 }],
		[
			'BMP top-down (negative height)',
			bmp(500, -400),
			{ mimeType: 'image/bmp', width: 500, height: 400 },
		],
		['BMP OS/2 core header', bmp(320, 240, 12), { mimeType: 'image/bmp', width: 320, height: 240 }],
		['WEBP lossy', vp8(1024, 768), { mimeType: 'image/webp', width: 1024, height: 768 }],
		['WEBP lossless', vp8l(4000, 3000), { mimeType: 'image/webp', width: 4000, height: 3000 }],
		['WEBP extended', vp8x(8000, 240), { mimeType: 'image/webp', width: 8000, height: 240 }],
		['GIF', Buffer.from('GIF89a\x01\x00\x01\x00'), { mimeType: 'image/gif' }],
		['PDF', Buffer.from('%PDF-1.4'), undefined],
		['empty', Buffer.alloc(0), undefined],
	])('%s', (_name, bytes, expected) => expect(readImageHeader(bytes)).toEqual(expected));
});

/**
 * An image file's header as the node checks it: readable when the bytes are read
 * (unreadableImage), then its type and its pixels against the model's limits with the item.
 */
const checkImageHeader = (
	header: ImageHeader | undefined,
	side: Range = modelRule('wan2.6-image').inputImage.side,
	ratio?: Range,
) =>
	unreadableImage(header) ??
	(isAcceptedType(header!.mimeType)
		? checkPixels(header!.width!, header!.height!, { side, ratio })
		: wrongType(header!.mimeType));

describe('checkImageHeader (wan2.6-image: 240 to 8000 pixels per side)', () => {
	test.each<[string, Parameters<typeof checkImageHeader>[0], string | undefined]>([
		['240×8000 fits', { mimeType: 'image/png', width: 240, height: 8000 }, undefined],
		[
			'239 wide',
			{ mimeType: 'image/png', width: 239, height: 500 },
			'is 239×500 pixels; the model takes images of 240 to 8000 pixels per side',
		],
		[
			'8001 high',
			{ mimeType: 'image/jpeg', width: 300, height: 8001 },
			'is 300×8001 pixels; the model takes images of 240 to 8000 pixels per side',
		],
		[
			'no size',
			{ mimeType: 'image/jpeg' },
			'is a image/jpeg whose header gives no width and height (a cut or damaged file)',
		],
		[
			'GIF',
			{ mimeType: 'image/gif' },
			'has type image/gif; the API accepts JPEG, PNG, BMP and WEBP images',
		],
		[
			'not an image',
			undefined,
			'is not a JPEG, PNG, BMP or WEBP image (its bytes say so, whatever its label)',
		],
	])('%s', (_name, header, expected) => expect(checkImageHeader(header)).toBe(expected));

	test('other limits are taken as a parameter', () => {
		expect(
			checkImageHeader({ mimeType: 'image/png', width: 300, height: 300 }, [384, 5000]),
		).toMatch(/384 to 5000/);
	});

	test('an aspect-ratio limit (wan2.7: 1:8 to 8:1) refuses what lies outside it, and only that', () => {
		const check = (width: number, height: number) =>
			checkImageHeader({ mimeType: 'image/png', width, height }, [240, 8000], [1 / 8, 8]);
		expect(check(240, 1921)).toBe('is 240×1921 pixels; the model takes aspect ratios 1:8 to 8:1');
		expect(check(1921, 240)).toMatch(/aspect ratios 1:8 to 8:1/);
		expect(check(240, 1920)).toBeUndefined();
		expect(check(1920, 240)).toBeUndefined();
		expect(checkImageHeader({ mimeType: 'image/png', width: 240, height: 1921 })).toBeUndefined();
	});
});

describe('isCompleteImage', () => {
	const whole = png(300, 300);
	test.each<[string, Buffer, string, boolean]>([
		['whole PNG', whole, 'image/png', true],
		['PNG without its IEND', whole.subarray(0, whole.length - 6), 'image/png', false],
		['whole JPEG', jpeg(300, 300), 'image/jpeg', true],
		['JPEG without EOI', jpeg(300, 300).subarray(0, 20), 'image/jpeg', false],
		['whole BMP', bmp(300, 300), 'image/bmp', true],
		['BMP shorter than its header says', bmp(300, 300).subarray(0, 40), 'image/bmp', false],
		['whole WEBP', vp8(300, 300), 'image/webp', true],
		['WEBP shorter than its RIFF size', vp8(300, 300).subarray(0, 24), 'image/webp', false],
	])('%s', (_name, bytes, mime, expected) => expect(isCompleteImage(bytes, mime)).toBe(expected));
});

// ---- result URLs -----------------------------------------------------------------------------

describe('checkResultUrl', () => {
	const OSS = 'https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/x.png?Expires=1';
	test.each<[string, string, string | undefined, RegExp | undefined]>([
		['OSS over https', OSS, 'https://dashscope.aliyuncs.com', undefined],
		['http is fine', 'http://cdn.example.com/a.png', 'https://dashscope.aliyuncs.com', undefined],
		['file:', 'file:///etc/passwd', 'https://dashscope.aliyuncs.com', /^uses file: /],
		['ftp:', 'ftp://x.example/a.png', 'https://dashscope.aliyuncs.com', /^uses ftp: /],
		['not a URL', 'nothing here', 'https://dashscope.aliyuncs.com', /^is not a valid URL$/],
		[
			'127.0.0.1 under a public base',
			'http://127.0.0.1:8080/admin',
			'https://dashscope.aliyuncs.com',
			/loopback address \(127\.0\.0\.1\)/,
		],
		['localhost', 'http://localhost/x', 'https://dashscope.aliyuncs.com', /loopback/],
		['[::1]', 'http://[::1]:9000/x', 'https://dashscope.aliyuncs.com', /loopback/],
		[
			'metadata service',
			'http://169.254.169.254/latest/meta-data',
			'https://dashscope.aliyuncs.com',
			/link-local address \(169\.254\.169\.254\)/,
		],
		['IPv6 link-local', 'http://[fe80::1]/x', 'https://dashscope.aliyuncs.com', /link-local/],
		[
			'loopback allowed when the base URL is local (emulator)',
			'http://127.0.0.1:5000/results/a.png',
			'http://127.0.0.1:4000',
			undefined,
		],
		[
			'link-local allowed under a localhost base',
			'http://169.254.1.1/x',
			'http://localhost:4000',
			undefined,
		],
		[
			'private 10.x is not loopback',
			'http://10.0.0.1/x',
			'https://dashscope.aliyuncs.com',
			undefined,
		],
	])('%s', (_name, url, base, expected) => {
		const problem = checkResultUrl(url, base);
		if (expected) expect(problem).toMatch(expected);
		else expect(problem).toBeUndefined();
	});

	test.each<[string, ReturnType<typeof localKind>]>([
		['127.1.2.3', 'loopback'],
		['LOCALHOST.', 'loopback'],
		['a.localhost', 'loopback'],
		['0.0.0.0', 'loopback'],
		['::ffff:127.0.0.1', 'loopback'],
		['169.254.0.1', 'link-local'],
		['fe80::abcd', 'link-local'],
		['example.com', undefined],
		['128.0.0.1', undefined],
	])('localKind(%s) → %s', (host, kind) => expect(localKind(host)).toBe(kind));
});

// ---- empty results, request size, region -----------------------------------------------------

describe('missingResult', () => {
	const edit = { mode: 'edit' as const, images: [] as string[] };
	test.each<[string, unknown, object, RegExp | undefined]>([
		['images present', {}, { mode: 'edit', images: ['u'] }, undefined],
		['interleave text only', {}, { mode: 'interleave', images: [], text: 'hi' }, undefined],
		['{}', {}, edit, /^the answer holds no images$/],
		[
			'interleave empty',
			{},
			{ mode: 'interleave', images: [], text: '' },
			/^the answer holds neither text nor images$/,
		],
		[
			'HTML',
			'<!DOCTYPE html><p>gateway</p>',
			edit,
			/^the answer is unreadable: an HTML page \(<!DOCTYPE/,
		],
		['text', 'upstream error', edit, /^the answer is unreadable: not JSON \(upstream error\)$/],
		['empty body', '', edit, /^the answer is unreadable: empty$/],
		['an array', [], edit, /^the answer is unreadable: empty$/],
	])('%s', (_name, body, result, expected) => {
		const problem = missingResult(body, result as never);
		if (expected) expect(problem).toMatch(expected);
		else expect(problem).toBeUndefined();
	});
});

describe('effectiveRegion', () => {
	test.each<[object, string]>([
		[{ region: 'cn-beijing' }, 'cn-beijing'],
		[{}, 'cn-beijing'],
		[{ region: 'eu-central-1', workspaceId: 'llm-a' }, 'eu-central-1'],
		[
			{ region: 'custom', baseUrl: 'https://llm-abc.eu-central-1.maas.aliyuncs.com' },
			'eu-central-1',
		],
		[
			{ region: 'custom', baseUrl: ' https://LLM-abc.EU-CENTRAL-1.maas.aliyuncs.com/api/v1/ ' },
			'eu-central-1',
		],
		[{ region: 'custom', baseUrl: 'https://llm-abc.cn-beijing.maas.aliyuncs.com' }, 'cn-beijing'],
		[
			{ region: 'custom', baseUrl: 'https://evil.example/llm-abc.eu-central-1.maas.aliyuncs.com' },
			'custom',
		],
		[{ region: 'custom', baseUrl: 'not a url' }, 'custom'],
	])('%j → %s', (data, region) => expect(effectiveRegion(data)).toBe(region));
});

// ---- SSE frame cap and linear decoding -------------------------------------------------------

describe('SseDecoder frame cap', () => {
	test('a frame beyond the cap ends the stream with a FrameTooLarge error frame', () => {
		const decoder = new SseDecoder(100);
		const frames = [
			...decoder.push('data:{"a":1}\n\n'),
			...decoder.push(`data:${'x'.repeat(80)}`),
			...decoder.push('y'.repeat(40)),
			...decoder.push('\n\ndata:{}\n\n'),
		];
		expect(frames[0]).toEqual({ data: '{"a":1}' });
		expect(frames[1].event).toBe('error');
		expect(JSON.parse(frames[1].data!)).toEqual({
			code: FRAME_TOO_LARGE,
			message: expect.stringContaining('exceeded 100 characters'),
		});
		expect(frames).toHaveLength(2); // nothing after the overflow
	});

	test('many data lines adding up beyond the cap count too', () => {
		const decoder = new SseDecoder(100);
		const frames = decoder.push(Array(30).fill('data:abcdef').join('\n'));
		expect(frames.map((f) => f.event)).toEqual(['error']);
	});

	test('the assembler reports it as an error with that code', () => {
		const result = assembleSse([`data:${'x'.repeat(MAX_FRAME_CHARS + 10)}\n\n`]);
		expect(result.error?.code).toBe(FRAME_TOO_LARGE);
		expect(result.finished).toBe(false);
	});

	// A line split into one-byte chunks: a decoder that scans what it holds on every chunk reads
	// about n²/2 characters (5·10⁹ here); the meter stops it after WORK_PER_BYTE·n.
	const WORK_PER_BYTE = 10;
	const oneByteChunks = () => {
		const payload = JSON.stringify({ text: 'z'.repeat(99_990) });
		const bytes = Buffer.from(`data:${payload}\n\n`);
		return { payload, chunks: Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)) };
	};

	test('a line split over 100 000 one-byte chunks is decoded whole, reading each character a bounded number of times', () => {
		const { payload, chunks } = oneByteChunks();
		const decoder = new SseDecoder();
		const frames: unknown[] = [];
		const scanned = countScanned(() => {
			for (const chunk of chunks) frames.push(...decoder.push(chunk));
		}, WORK_PER_BYTE * chunks.length);
		expect(frames).toEqual([{ data: payload }]);
		expect(scanned).toBeGreaterThanOrEqual(chunks.length); // each character is read at least once
	});

	test('the meter stops a decoder that rescans its buffer on every chunk', () => {
		const { chunks } = oneByteChunks();
		let buffer = '';
		const rescanning = (chunk: Buffer) => {
			buffer += chunk.toString('latin1');
			const end = buffer.indexOf('\n\n');
			if (end >= 0) buffer = buffer.slice(end + 2);
		};
		expect(() =>
			countScanned(() => chunks.forEach(rescanning), WORK_PER_BYTE * chunks.length),
		).toThrow(ScanBudgetExceeded);
	});
});

describe('the credential (and so its test) refuses what the node refuses, with the same words', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { DashScopeApi } = require('../../credentials/DashScopeApi.credentials');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { resolveBaseUrl } = require('../../credentials/dashScopeRegions');
	test.each<[string, object]>([
		['Frankfurt without a workspace id', { region: 'eu-central-1' }],
		['a custom URL without a scheme', { region: 'custom', baseUrl: 'dashscope.aliyuncs.com' }],
		['an unknown region', { region: 'mars-1' }],
	])('%s', async (_name, data) => {
		const expected = resolveBaseUrl(data).error;
		expect(expected).toEqual(expect.any(String));
		await expect(
			new DashScopeApi().authenticate({ apiKey: 'sk-x', ...data }, { url: '/api/v1/tasks/x' }),
		).rejects.toThrow(expected);
	});

	test('a resolvable credential is authenticated as before (key, workspace header)', async () => {
		const options = await new DashScopeApi().authenticate(
			{ apiKey: ' sk-x ', region: 'eu-central-1', workspaceId: 'llm-a' },
			{ url: '/x', headers: { A: '1' } },
		);
		expect(options.headers).toEqual({
			A: '1',
			Authorization: 'Bearer sk-x',
			'X-DashScope-WorkSpace': 'llm-a',
		});
	});
});
