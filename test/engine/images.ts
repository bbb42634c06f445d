/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests use Node's own modules; they never run inside n8n */
/** Small real image bytes for binary tests. */
import { deflateSync } from 'node:zlib';

function crc32(bytes: Buffer): number {
	let crc = ~0;
	for (const byte of bytes) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** A valid width×height RGB PNG of one colour. */
export function png(width = 4, height = 4, rgb: [number, number, number] = [200, 30, 30]): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8;
	ihdr[9] = 2;
	const row = Buffer.concat([
		Buffer.from([0]),
		Buffer.from(Array.from({ length: width }, () => rgb).flat()),
	]);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary');

/** An n8n binary entry held in memory, as nodes receive it. */
export const binaryEntry = (bytes: Buffer, mimeType: string, fileName = 'image') => ({
	data: bytes.toString('base64'),
	mimeType,
	fileName,
	fileSize: `${bytes.length} B`,
});

/** The head of a baseline JPEG of width×height: SOI, APP0 (JFIF), SOF0. Enough for a header reader. */
export function jpegHead(width: number, height: number): Buffer {
	const sof = Buffer.from([
		0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
	]);
	sof.writeUInt16BE(height, 5);
	sof.writeUInt16BE(width, 7);
	const app0 = Buffer.from([
		0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0,
	]);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}
