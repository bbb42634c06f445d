/**
 * What an image file's bytes say: its type by magic number, its pixel size from the header (PNG
 * IHDR, JPEG SOFn, BMP DIB header, WEBP VP8/VP8L/VP8X) and whether the file is whole, so that what
 * the node sends or stores is what it claims to be. Pure: bytes in, facts out; nothing is decoded
 * beyond the header.
 */
const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
	bytes.length >= offset + signature.length &&
	signature.every((byte, i) => bytes[offset + i] === byte);

/** The image type the bytes really are, among those DashScope accepts (or GIF, to name it in errors). */
export function sniffImageMimeType(bytes: Uint8Array): string | undefined {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, [0x42, 0x4d])) return 'image/bmp';
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
		return 'image/webp';
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
	return undefined;
}

export interface ImageHeader {
	mimeType: string;
	/** Undefined when the header is cut or unreadable. */
	width?: number;
	height?: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) =>
	((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
const i32le = (b: Uint8Array, i: number) =>
	b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);

function pngSize(b: Uint8Array) {
	// Signature (8), IHDR length (4), "IHDR" (4), width, height.
	if (b.length < 24 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR') return undefined;
	return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** Start-of-frame markers (baseline, progressive, lossless…); C4, C8, CC are not frames. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array) {
	let i = 2;
	while (i + 3 < b.length) {
		if (b[i] !== 0xff) return undefined;
		const marker = b[i + 1];
		if (marker === 0xff) {
			i++; // fill byte
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2; // markers without a length
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return undefined; // end, or scan data before any frame
		const length = u16be(b, i + 2);
		if (SOF.has(marker)) {
			if (i + 8 >= b.length) return undefined;
			return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
		}
		if (length < 2) return undefined;
		i += 2 + length;
	}
	return undefined;
}

function bmpSize(b: Uint8Array) {
	if (b.length < 26) return undefined;
	const headerSize = i32le(b, 14);
	// BITMAPCOREHEADER (OS/2) has 16-bit sides; the others 32-bit, height negative when top-down.
	if (headerSize === 12) return { width: u16le(b, 18), height: u16le(b, 20) };
	return { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
}

function webpSize(b: Uint8Array) {
	if (b.length < 30) return undefined;
	const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
	if (chunk === 'VP8 ') {
		if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
		return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
	}
	if (chunk === 'VP8L') {
		if (b[20] !== 0x2f) return undefined;
		const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
	return undefined;
}

const READERS: Record<
	string,
	(bytes: Uint8Array) => { width: number; height: number } | undefined
> = {
	'image/png': pngSize,
	'image/jpeg': jpegSize,
	'image/bmp': bmpSize,
	'image/webp': webpSize,
};

/** The image's real type and, for the types DashScope accepts, its width and height. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
	const mimeType = sniffImageMimeType(bytes);
	if (!mimeType) return undefined;
	const size = READERS[mimeType]?.(bytes);
	return size && size.width > 0 && size.height > 0 ? { mimeType, ...size } : { mimeType };
}

const PNG_END = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/**
 * Whether an image file is whole, as far as its own framing tells: a PNG ends with its IEND
 * chunk, a JPEG with EOI, a BMP and a WEBP are as long as their headers say. A body cut short
 * under a matching Content-Length (a proxy, a half-written object) is caught here.
 */
export function isCompleteImage(bytes: Uint8Array, mimeType: string): boolean {
	const n = bytes.length;
	switch (mimeType) {
		case 'image/png':
			return n >= 20 && PNG_END.every((byte, i) => bytes[n - PNG_END.length + i] === byte);
		case 'image/jpeg': {
			// EOI, allowing a few bytes of padding after it.
			for (let i = n - 2; i >= Math.max(2, n - 64); i--)
				if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
			return false;
		}
		case 'image/bmp':
			return (
				n >= 6 && (bytes[2] | (bytes[3] << 8) | (bytes[4] << 16) | (bytes[5] << 24)) >>> 0 <= n
			);
		case 'image/webp':
			return (
				n >= 12 &&
				((bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0) + 8 <= n
			);
		default:
			return true;
	}
}
