'use strict';
/**
 * A tiny, structurally valid MP4 (ISO/IEC 14496-12): `ftyp`, `moov` (`mvhd` with the duration,
 * one video `trak` with `tkhd` width and height, `mdia`/`minf`/`stbl` with empty sample tables)
 * and `mdat`. Players will not show a picture (there are no samples), but any box walker reads
 * the brand, the length and the size, and `mdat` can be padded to a wanted file size.
 * Written from the box layouts of the standard; no bytes copied from elsewhere.
 */

const u32 = (n) => {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(n >>> 0);
	return b;
};
const u16 = (n) => {
	const b = Buffer.alloc(2);
	b.writeUInt16BE(n);
	return b;
};

/** A box: 32-bit size, 4-character type, payload. */
function box(type, ...payload) {
	const body = Buffer.concat(payload);
	return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}
/** A full box: version 0 and 24 bits of flags before the payload. */
const fullBox = (type, flags, ...payload) => box(type, u32(flags & 0xffffff), ...payload);

/** The unity matrix of `mvhd` and `tkhd` (16.16 and 2.30 fixed point). */
const MATRIX = Buffer.concat([0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32));
const TIMESCALE = 1000;

/**
 * @param {{ width?: number, height?: number, seconds?: number, bytes?: number }} spec
 *   `bytes`: the file size to reach by padding `mdat` (never less than the boxes need).
 */
function encodeMp4({ width = 1280, height = 720, seconds = 5, bytes = 0 } = {}) {
	const duration = Math.round(seconds * TIMESCALE);
	const ftyp = box(
		'ftyp',
		Buffer.from('isom', 'latin1'),
		u32(512),
		Buffer.from('isomiso2mp41', 'latin1'),
	);
	const mvhd = fullBox(
		'mvhd',
		0,
		u32(0), // creation time
		u32(0), // modification time
		u32(TIMESCALE),
		u32(duration),
		u32(0x00010000), // rate 1.0
		u16(0x0100), // volume 1.0
		Buffer.alloc(10), // reserved
		MATRIX,
		Buffer.alloc(24), // pre-defined
		u32(2), // next track id
	);
	const tkhd = fullBox(
		'tkhd',
		3, // enabled, in movie
		u32(0),
		u32(0),
		u32(1), // track id
		u32(0), // reserved
		u32(duration),
		Buffer.alloc(8), // reserved
		u16(0), // layer
		u16(0), // alternate group
		u16(0), // volume (video: 0)
		u16(0), // reserved
		MATRIX,
		u32(width * 0x10000),
		u32(height * 0x10000),
	);
	const mdhd = fullBox(
		'mdhd',
		0,
		u32(0),
		u32(0),
		u32(TIMESCALE),
		u32(duration),
		u16(0x55c4),
		u16(0),
	);
	const hdlr = fullBox(
		'hdlr',
		0,
		u32(0),
		Buffer.from('vide', 'latin1'),
		Buffer.alloc(12),
		Buffer.from('VideoHandler\0', 'latin1'),
	);
	const vmhd = fullBox('vmhd', 1, u16(0), u16(0), u16(0), u16(0));
	const dinf = box('dinf', fullBox('dref', 0, u32(1), fullBox('url ', 1)));
	const empty = (type) => fullBox(type, 0, u32(0));
	const stbl = box(
		'stbl',
		empty('stsd'),
		empty('stts'),
		empty('stsc'),
		fullBox('stsz', 0, u32(0), u32(0)),
		empty('stco'),
	);
	const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', vmhd, dinf, stbl)));
	const moov = box('moov', mvhd, trak);
	const head = ftyp.length + moov.length + 8;
	const payload = Buffer.alloc(Math.max(16, bytes - head), 0);
	return Buffer.concat([ftyp, moov, box('mdat', payload)]);
}

/** Reads `[type, size]` of the top-level boxes and `mvhd`'s seconds (for tests and uploads). */
function readMp4(buf) {
	const boxes = [];
	let seconds;
	for (let at = 0; at + 8 <= buf.length; ) {
		const size = buf.readUInt32BE(at);
		const type = buf.toString('latin1', at + 4, at + 8);
		if (size < 8 || at + size > buf.length) return { boxes, seconds, whole: false };
		boxes.push([type, size]);
		if (type === 'moov') {
			const mvhd = buf.indexOf('mvhd', at, 'latin1');
			if (mvhd > 0 && buf[mvhd + 4] === 0)
				seconds = buf.readUInt32BE(mvhd + 20) / buf.readUInt32BE(mvhd + 16);
		}
		at += size;
	}
	return { boxes, seconds, whole: true };
}

module.exports = { encodeMp4, readMp4 };
