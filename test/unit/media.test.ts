/**
 * nodes/Wanx/api/mp4.ts and mediaKind.ts: MP4 box walking while a body streams (whole, cut, not an
 * MP4), the length in mvhd, and media kinds by magic bytes.
 */
import { KIND_WORDS, readMediaFacts } from '../../nodes/Wanx/api/mediaKind';
import { Mp4BoxWalker, mp4DurationSeconds } from '../../nodes/Wanx/api/mp4';

const box = (type: string, body: Buffer) => {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(8 + body.length, 0);
	head.write(type, 4, 'ascii');
	return Buffer.concat([head, body]);
};

/** mvhd version 0: flags, two times, timescale, duration, then the rest (zeros). */
const mvhd = (timescale: number, duration: number) => {
	const body = Buffer.alloc(100);
	body.writeUInt32BE(timescale, 12);
	body.writeUInt32BE(duration, 16);
	return box('mvhd', body);
};

const mp4 = (seconds = 5, brand = 'isom', mdatBytes = 1000) =>
	Buffer.concat([
		box('ftyp', Buffer.concat([Buffer.from(brand), Buffer.alloc(4), Buffer.from('isomiso2')])),
		box('moov', mvhd(1000, seconds * 1000)),
		box('mdat', Buffer.alloc(mdatBytes, 7)),
	]);

/** Feeds the bytes in chunks of `size` and returns the first problem reported, or end()'s. */
function walk(bytes: Buffer, size: number): string | undefined {
	const walker = new Mp4BoxWalker();
	for (let at = 0; at < bytes.length; at += size) {
		const problem = walker.push(bytes.subarray(at, at + size));
		if (problem) return problem;
	}
	return walker.end();
}

describe('Mp4BoxWalker', () => {
	it.each([1, 3, 7, 8, 9, 15, 16, 17, 64, 4096])('a whole MP4 in chunks of %i bytes', (size) => {
		expect(walk(mp4(), size)).toBeUndefined();
	});

	it.each([1, 5, 100])('a cut MP4 (chunks of %i) is reported with what arrived', (size) => {
		const whole = mp4();
		expect(walk(whole.subarray(0, whole.length - 10), size)).toBe(
			`the MP4 was cut: its boxes need ${whole.length} bytes, ${whole.length - 10} arrived`,
		);
	});

	it('a body cut inside a box header says so', () => {
		const whole = mp4();
		const moovEnd = whole.indexOf('mdat') - 4;
		expect(walk(whole.subarray(0, moovEnd + 5), 3)).toBe('the MP4 ends inside a box header');
	});

	it('an HTML page is refused at its first chunk', () => {
		const walker = new Mp4BoxWalker();
		expect(walker.push(Buffer.from('<!DOCTYPE html><html><body>Sign in</body></html>'))).toBe(
			'it does not start with an MP4 "ftyp" box (not an MP4 video)',
		);
	});

	it('an MP4 without moov is not whole', () => {
		const bytes = Buffer.concat([
			box('ftyp', Buffer.from('isom\0\0\0\0')),
			box('mdat', Buffer.alloc(50)),
		]);
		expect(walk(bytes, 10)).toBe('the MP4 has no "moov" box (its index is missing)');
	});

	it('a 64-bit box size and a size-0 last box are followed', () => {
		const large = Buffer.alloc(16);
		large.writeUInt32BE(1, 0);
		large.write('mdat', 4, 'ascii');
		large.writeUInt32BE(0, 8);
		large.writeUInt32BE(16 + 20, 12);
		const bytes = Buffer.concat([mp4(), large, Buffer.alloc(20)]);
		expect(walk(bytes, 5)).toBeUndefined();
		expect(walk(bytes.subarray(0, bytes.length - 1), 5)).toMatch(/^the MP4 was cut/);
		const toEnd = Buffer.from([0, 0, 0, 0, ...Buffer.from('mdat'), 1, 2, 3]);
		expect(walk(Buffer.concat([mp4(), toEnd]), 4)).toBeUndefined();
	});

	it('an empty body and a few bytes are not an MP4', () => {
		expect(new Mp4BoxWalker().end()).toBe('the body is empty');
		const walker = new Mp4BoxWalker();
		walker.push(Buffer.from([0, 0, 0]));
		expect(walker.end()).toBe('only 3 bytes arrived, too few for an MP4');
	});
});

describe('mp4DurationSeconds', () => {
	it('reads mvhd of moov', () => {
		expect(mp4DurationSeconds(mp4(5))).toBe(5);
		expect(mp4DurationSeconds(mp4(12))).toBe(12);
	});
	it('is undefined without moov', () => {
		expect(mp4DurationSeconds(box('ftyp', Buffer.from('isom\0\0\0\0')))).toBeUndefined();
	});
});

describe('readMediaFacts', () => {
	const wav = (seconds: number) => {
		const rate = 8000;
		const fmt = Buffer.alloc(16);
		fmt.writeUInt16LE(1, 0);
		fmt.writeUInt16LE(1, 2);
		fmt.writeUInt32LE(rate, 4);
		fmt.writeUInt32LE(rate * 2, 8);
		fmt.writeUInt16LE(2, 12);
		fmt.writeUInt16LE(16, 14);
		const data = Buffer.alloc(rate * 2 * seconds);
		const chunk = (id: string, body: Buffer) => {
			const head = Buffer.alloc(8);
			head.write(id, 0, 'ascii');
			head.writeUInt32LE(body.length, 4);
			return Buffer.concat([head, body]);
		};
		const riff = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), chunk('data', data)]);
		return Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), riff]);
	};

	it.each<[string, Buffer, object | undefined]>([
		['an MP4', mp4(5), { kind: 'video', mimeType: 'video/mp4', durationSeconds: 5 }],
		['a QuickTime MOV', mp4(3, 'qt  '), { kind: 'video', mimeType: 'video/quicktime' }],
		['a WAV of 3 s', wav(3), { kind: 'audio', mimeType: 'audio/wav', durationSeconds: 3 }],
		[
			'an MP3 with ID3',
			Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00'),
			{ kind: 'audio', mimeType: 'audio/mpeg' },
		],
		[
			'an MP3 frame',
			Buffer.from([0xff, 0xfb, 0x90, 0x64]),
			{ kind: 'audio', mimeType: 'audio/mpeg' },
		],
		['a HEIC image is not a video', box('ftyp', Buffer.from('heic\0\0\0\0')), undefined],
		['an HTML page', Buffer.from('<html>'), undefined],
		['an MPEG layer II frame is not MP3', Buffer.from([0xff, 0xfd, 0x90, 0x64]), undefined],
	])('%s', (_title, bytes, expected) => {
		const facts = readMediaFacts(bytes);
		if (expected === undefined) expect(facts).toBeUndefined();
		else expect(facts).toMatchObject(expected);
	});

	it('an image keeps its header', () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d49484452000001e0000001400802000000', 'hex');
		expect(readMediaFacts(png)).toMatchObject({
			kind: 'image',
			mimeType: 'image/png',
			image: { width: 480, height: 320 },
		});
		expect(KIND_WORDS.image).toMatch(/JPEG/);
	});
});
