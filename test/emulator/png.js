'use strict';
/**
 * Tiny PNG encoder for the emulator's result images (Node standard library only).
 *
 * Images are solid-colour RGB with a lighter band, so they deflate to a few hundred bytes
 * up to a few KB. Encoding is asynchronous (zlib.deflate) and cached per size + colour,
 * so a benchmark downloading 1000 results encodes each distinct image once.
 */
const zlib = require('node:zlib');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
	const table = new Int32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c;
	}
	return table;
})();

function crc32(buf) {
	let c = -1;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ -1) >>> 0;
}

function chunk(type, data) {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

/** Raw scanlines (filter byte 0 + RGB) for a solid colour with a lighter horizontal band. */
function rawPixels(width, height, [r, g, b]) {
	const stride = 1 + width * 3;
	const raw = Buffer.alloc(stride * height);
	const band0 = Math.floor(height * 0.4);
	const band1 = Math.max(band0 + 1, Math.floor(height * 0.6));
	const light = [r, g, b].map((v) => Math.min(255, v + 60));
	for (let y = 0; y < height; y++) {
		const [cr, cg, cb] = y >= band0 && y < band1 ? light : [r, g, b];
		let o = y * stride + 1;
		for (let x = 0; x < width; x++) {
			raw[o++] = cr;
			raw[o++] = cg;
			raw[o++] = cb;
		}
	}
	return raw;
}

function assemble(width, height, idat, comment) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: truecolour RGB (no alpha)
	ihdr[10] = 0; // compression
	ihdr[11] = 0; // filter
	ihdr[12] = 0; // interlace
	const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr)];
	if (comment) parts.push(chunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1')));
	parts.push(chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0)));
	return Buffer.concat(parts);
}

/** Synchronous encoder (used by tests and for tiny images). */
function encodePngSync(width, height, rgb, comment) {
	return assemble(width, height, zlib.deflateSync(rawPixels(width, height, rgb)), comment);
}

/** Asynchronous encoder: the deflate runs on the libuv thread pool. */
function encodePng(width, height, rgb, comment) {
	return new Promise((resolve, reject) => {
		zlib.deflate(rawPixels(width, height, rgb), (err, idat) => {
			if (err) reject(err);
			else resolve(assemble(width, height, idat, comment));
		});
	});
}

/** Width/height of a PNG from its first 24 bytes, or null if it is not a PNG. */
function pngSize(buf) {
	if (!buf || buf.length < 24 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
	if (buf.toString('latin1', 12, 16) !== 'IHDR') return null;
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** HSV (h in [0,360)) → RGB bytes. */
function hsvToRgb(h, s, v) {
	const c = v * s;
	const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
	const m = v - c;
	const [r, g, b] =
		h < 60
			? [c, x, 0]
			: h < 120
				? [x, c, 0]
				: h < 180
					? [0, c, x]
					: h < 240
						? [0, x, c]
						: h < 300
							? [x, 0, c]
							: [c, 0, x];
	return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** FNV-1a 32-bit hash of a string. */
function fnv1a(str) {
	let h = 0x811c9dc5;
	for (let i = 0; i < str.length; i++) {
		h ^= str.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** A colour derived from a prompt (and image index), quantised to 36 hues so the cache stays small. */
function colourFor(prompt, index = 0) {
	const hue = (fnv1a(`${prompt}\u0000${index}`) % 36) * 10;
	return hsvToRgb(hue, 0.55, 0.85);
}

/** Bounded cache of encoded PNGs keyed by size + colour. Values are Promises<Buffer>. */
class PngCache {
	constructor(max = 512) {
		this.max = max;
		this.map = new Map();
	}
	get(width, height, rgb, comment) {
		const key = `${width}x${height}:${rgb.join(',')}:${comment || ''}`;
		let p = this.map.get(key);
		if (!p) {
			if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value);
			p = encodePng(width, height, rgb, comment);
			p.catch(() => this.map.delete(key));
			this.map.set(key, p);
		}
		return p;
	}
	clear() {
		this.map.clear();
	}
}

module.exports = { encodePng, encodePngSync, pngSize, colourFor, crc32, PngCache, PNG_SIGNATURE };
