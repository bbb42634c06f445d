/**
 * What a media file is, from its first bytes (magic numbers), whatever its label says: images
 * through imageHeader.ts, MP4 / QuickTime by their `ftyp` box (ISO/IEC 14496-12), MP3 by its ID3
 * tag or MPEG audio frame header, WAV by its RIFF/WAVE header. Video inputs are sent as files the
 * API fetches itself, so a wrong file would only fail (or be billed) on DashScope's side. Pure.
 */
import { readImageHeader, type ImageHeader } from './imageBytes';
import { mp4DurationSeconds } from './mp4';
import type { MediaKind } from './videoTypes';

export type { MediaKind };

export interface MediaFacts {
	kind: MediaKind;
	mimeType: string;
	/** Images: the header's width and height. */
	image?: ImageHeader;
	/** Video and WAV audio: the length the file declares, in seconds. */
	durationSeconds?: number;
}

const ascii = (b: Uint8Array, from: number, length: number) =>
	b.length >= from + length ? String.fromCharCode(...b.subarray(from, from + length)) : '';

/** MP4 brands that QuickTime files carry ("qt  "); other `ftyp` files are MP4. */
const QUICKTIME_BRAND = 'qt  ';

function videoMimeType(bytes: Uint8Array): string | undefined {
	if (ascii(bytes, 4, 4) !== 'ftyp') return undefined;
	const brand = ascii(bytes, 8, 4);
	// HEIF/AVIF images are ftyp files too; they are not videos.
	if (/^(heic|heix|mif1|msf1|avif|avis)$/.test(brand)) return undefined;
	return brand === QUICKTIME_BRAND ? 'video/quicktime' : 'video/mp4';
}

function isMp3(bytes: Uint8Array): boolean {
	if (ascii(bytes, 0, 3) === 'ID3') return true;
	// A frame header: 11 sync bits, MPEG version not "reserved", layer III.
	return (
		bytes.length >= 2 &&
		bytes[0] === 0xff &&
		(bytes[1] & 0xe0) === 0xe0 &&
		(bytes[1] & 0x18) !== 0x08 &&
		(bytes[1] & 0x06) === 0x02
	);
}

/** Seconds of a PCM WAV: the data chunk's size over the fmt chunk's byte rate. */
function wavDurationSeconds(bytes: Uint8Array): number | undefined {
	let byteRate: number | undefined;
	for (let at = 12; at + 8 <= bytes.length; ) {
		const id = ascii(bytes, at, 4);
		const size =
			bytes[at + 4] | (bytes[at + 5] << 8) | (bytes[at + 6] << 16) | ((bytes[at + 7] << 24) >>> 0);
		if (id === 'fmt ' && at + 20 <= bytes.length) {
			byteRate =
				(bytes[at + 16] |
					(bytes[at + 17] << 8) |
					(bytes[at + 18] << 16) |
					(bytes[at + 19] << 24)) >>>
				0;
		}
		if (id === 'data')
			return byteRate ? Math.min(size, bytes.length - at - 8) / byteRate : undefined;
		at += 8 + size + (size % 2);
	}
	return undefined;
}

/** The kind and real type of a media file, or undefined when its bytes are none the API takes. */
export function readMediaFacts(bytes: Uint8Array): MediaFacts | undefined {
	const image = readImageHeader(bytes);
	if (image) return { kind: 'image', mimeType: image.mimeType, image };
	const video = videoMimeType(bytes);
	if (video) return { kind: 'video', mimeType: video, durationSeconds: mp4DurationSeconds(bytes) };
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') {
		return { kind: 'audio', mimeType: 'audio/wav', durationSeconds: wavDurationSeconds(bytes) };
	}
	if (isMp3(bytes)) return { kind: 'audio', mimeType: 'audio/mpeg' };
	return undefined;
}

/** How the node names a kind in its messages. */
export const KIND_WORDS: Record<MediaKind, string> = {
	image: 'an image (JPEG, PNG, BMP or WEBP)',
	video: 'a video (MP4 or MOV)',
	audio: 'an audio file (MP3 or WAV)',
};

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/bmp': 'bmp',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'audio/mpeg': 'mp3',
	'audio/wav': 'wav',
};

/** The file extension of a media type this node reads or writes (`bin` for any other). */
export const fileExtension = (mimeType: string) => EXTENSIONS[mimeType] ?? 'bin';

/** The form the API takes a file in when it has no URL. */
export const dataUri = (mimeType: string, bytes: Buffer) =>
	`data:${mimeType};base64,${bytes.toString('base64')}`;

/** Base64 text as typed, or a `data:<type>;base64,` URI split into its declared type and payload. */
export interface Base64Text {
	payload: string;
	isDataUri: boolean;
	/** The data URI says `;base64` (plain Base64 text: true). */
	base64: boolean;
	declaredType?: string;
}

/**
 * Only the head is matched by a pattern: a payload of 20 MB (a wan2.7 image) is scanned, never
 * matched by a backtracking pattern, which V8 can abort with "Maximum call stack size exceeded".
 */
export function splitDataUri(text: string): Base64Text {
	const head = /^data:([^;,]*)(;base64)?,/i.exec(text.slice(0, 256));
	if (!head) return { payload: text, isDataUri: false, base64: true };
	return {
		payload: text.slice(head[0].length),
		isDataUri: true,
		base64: Boolean(head[2]),
		declaredType: head[1].toLowerCase(),
	};
}

/** Base64 (standard or URL-safe alphabet, whitespace removed), at most two `=` at its end. */
export function isBase64(data: string): boolean {
	if (data === '' || /[^A-Za-z0-9+/_=-]/.test(data)) return false;
	const pad = data.indexOf('=');
	if (pad === -1) return true;
	const padding = data.length - pad;
	return pad > 0 && padding <= 2 && data.endsWith('='.repeat(padding));
}
