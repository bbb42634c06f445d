/**
 * MP4 / QuickTime files read from their box structure (ISO/IEC 14496-12 §4.2: each top-level box
 * starts with a 32-bit size and a 4-character type; size 1 means a 64-bit size follows, size 0
 * means "to the end of the file"). Used to tell a whole video from an HTML page or a cut body while
 * it streams past, and to read a video's length from its `mvhd` box. Pure.
 */

const u32 = (b: Uint8Array, i: number) =>
	((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
const u64 = (b: Uint8Array, i: number) => u32(b, i) * 2 ** 32 + u32(b, i + 4);
const fourCC = (b: Uint8Array, i: number) =>
	String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);

/**
 * Follows the top-level boxes of a body chunk by chunk, holding only the few bytes of a box
 * header split across chunks. A whole MP4 starts with `ftyp`, has a `moov` (without it no player
 * can read the file) and ends exactly where its last box ends.
 */
export class Mp4BoxWalker {
	/** Bytes seen so far. */
	size = 0;
	/** Where the next top-level box starts; Infinity after a size-0 box (it runs to the end). */
	private nextBox = 0;
	/** The start of a box header that straddles chunks. */
	private pending = Buffer.alloc(0);
	private boxes = 0;
	private sawMoov = false;
	private problem?: string;

	/** Takes the next chunk; returns why the body is not an MP4, as soon as that is known. */
	push(chunk: Uint8Array): string | undefined {
		if (this.problem) return this.problem;
		const start = this.size;
		this.size += chunk.length;
		while (this.nextBox < this.size && this.problem === undefined) {
			const offset = this.nextBox - start;
			// The header bytes of the box at nextBox: what is pending plus what this chunk has.
			const header =
				this.pending.length > 0
					? Buffer.concat([this.pending, chunk.subarray(0, 16 - this.pending.length)])
					: Buffer.from(
							chunk.buffer,
							chunk.byteOffset + offset,
							Math.min(16, chunk.length - offset),
						);
			if (header.length < 8 || (u32(header, 0) === 1 && header.length < 16)) {
				this.pending = Buffer.from(header);
				return undefined;
			}
			this.pending = Buffer.alloc(0);
			this.problem = this.box(header);
		}
		return this.problem;
	}

	private box(header: Uint8Array): string | undefined {
		const size32 = u32(header, 0);
		const type = fourCC(header, 4);
		if (this.boxes === 0 && type !== 'ftyp') {
			return 'it does not start with an MP4 "ftyp" box (not an MP4 video)';
		}
		if (!/^[\x20-\x7e]{4}$/.test(type)) return `box ${this.boxes + 1} has no readable type`;
		const size = size32 === 1 ? u64(header, 8) : size32 === 0 ? Infinity : size32;
		if (size < (size32 === 1 ? 16 : 8)) return `box "${type}" declares an impossible size`;
		if (type === 'moov') this.sawMoov = true;
		this.boxes++;
		this.nextBox += size;
		return undefined;
	}

	/** At the end of the body: why it is not a whole MP4 (undefined: it is). */
	end(): string | undefined {
		if (this.problem) return this.problem;
		if (this.size === 0) return 'the body is empty';
		if (this.boxes === 0) return `only ${this.size} bytes arrived, too few for an MP4`;
		if (Number.isFinite(this.nextBox) && this.nextBox > this.size) {
			return `the MP4 was cut: its boxes need ${this.nextBox} bytes, ${this.size} arrived`;
		}
		if (this.pending.length > 0) return 'the MP4 ends inside a box header';
		if (!this.sawMoov) return 'the MP4 has no "moov" box (its index is missing)';
		return undefined;
	}
}

/** The length in seconds an MP4 / MOV declares in moov/mvhd, when its bytes hold it. */
export function mp4DurationSeconds(bytes: Uint8Array): number | undefined {
	const moov = findBox(bytes, 0, bytes.length, 'moov');
	if (!moov) return undefined;
	const mvhd = findBox(bytes, moov.body, moov.end, 'mvhd');
	if (!mvhd || mvhd.end - mvhd.body < 24) return undefined;
	const version = bytes[mvhd.body];
	const at = mvhd.body + 4 + (version === 1 ? 16 : 8);
	if (at + (version === 1 ? 12 : 8) > mvhd.end) return undefined;
	const timescale = u32(bytes, at);
	const duration = version === 1 ? u64(bytes, at + 4) : u32(bytes, at + 4);
	return timescale > 0 ? duration / timescale : undefined;
}

function findBox(
	bytes: Uint8Array,
	from: number,
	to: number,
	type: string,
): { body: number; end: number } | undefined {
	for (let at = from; at + 8 <= to; ) {
		const size32 = u32(bytes, at);
		const header = size32 === 1 ? 16 : 8;
		const size = size32 === 1 ? u64(bytes, at + 8) : size32 === 0 ? to - at : size32;
		if (size < header) return undefined;
		if (fourCC(bytes, at + 4) === type) return { body: at + header, end: Math.min(at + size, to) };
		at += size;
	}
	return undefined;
}
