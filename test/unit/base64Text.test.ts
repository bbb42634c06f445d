/**
 * nodes/Wanx/api/mediaKind.ts: Base64 given in the panel (plain or as a data URI) is split and
 * checked without matching its payload by a backtracking pattern (a 20 MB image is 27 MB of text).
 */
import { isBase64, splitDataUri } from '../../nodes/Wanx/api/mediaKind';

describe('splitDataUri', () => {
	test.each([
		['plain Base64', 'iVBORw0KGgo=', { payload: 'iVBORw0KGgo=', isDataUri: false, base64: true }],
		[
			'a data URI',
			'data:Image/PNG;base64,iVBOR',
			{ payload: 'iVBOR', isDataUri: true, base64: true, declaredType: 'image/png' },
		],
		[
			'a data URI without ;base64',
			'data:text/plain,hello',
			{ payload: 'hello', isDataUri: true, base64: false, declaredType: 'text/plain' },
		],
	])('%s', (_name, text, expected) => expect(splitDataUri(text)).toEqual(expected));
});

describe('isBase64', () => {
	test.each([
		['standard alphabet', 'iVBORw0KGgo+/A==', true],
		['URL-safe alphabet', 'iVBORw0KGgo-_A', true],
		['one pad', 'YWI=', true],
		['empty', '', false],
		['three pads', 'YQ===', false],
		['a pad inside', 'YW=I', false],
		['only a pad', '=', false],
		['a space left in', 'YW I=', false],
		['a non-alphabet character', 'YW*I', false],
	])('%s', (_name, text, expected) => expect(isBase64(text)).toBe(expected));

	test('27 MB of Base64 (a 20 MB wan2.7 image) is checked in one scan', () => {
		const payload = `${'QUJD'.repeat(7_000_000)}QQ==`;
		expect(isBase64(payload)).toBe(true);
		expect(splitDataUri(`data:image/png;base64,${payload}`).payload.length).toBe(payload.length);
		expect(isBase64(`${payload.slice(0, -2)}*=`)).toBe(false);
	});
});
