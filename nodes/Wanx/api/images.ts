/**
 * Image facts read from bytes: the type by its magic number, and file names for results. Pure.
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

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/bmp': 'bmp',
};

/** `wanx-<task or request id>-<n>.png`: says where the file came from. */
export function resultFileName(id: string | undefined, index: number, mimeType: string): string {
	const safeId = (id ?? 'result').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'result';
	return `wanx-${safeId}-${index + 1}.${EXTENSIONS[mimeType] ?? 'png'}`;
}
