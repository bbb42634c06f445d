/**
 * nodes/Wanx/api/errorCodes.ts against the error tables of docs/dashscope-notes.md §5.2, §5.3
 * and their Retry column.
 */
import { describeCode, isTransient } from '../../nodes/Wanx/api/errorCodes';

describe('isTransient: which failures are worth repeating', () => {
	it.each<[number | undefined, string | undefined, string | undefined, boolean]>([
		// 429: rate limits yes, quota/billing no
		[429, 'Throttling', 'Requests throttling triggered.', true],
		[429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.', true],
		[
			429,
			'Throttling.AllocationQuota',
			'Allocated quota exceeded, please increase your quota limit.',
			true,
		],
		[429, 'Throttling.AllocationQuota', 'Free allocated quota exceeded.', false],
		[429, undefined, 'Free allocated quota exceeded.', false],
		[429, 'LimitRequests', 'You exceeded your current requests list.', true],
		[429, 'PrepaidBillOverdue', 'bill overdue', false],
		[429, 'PostpaidBillOverdue', undefined, false],
		[429, 'CommodityNotPurchased', 'Commodity has not purchased yet.', false],
		[429, undefined, undefined, true],
		// Arrearage, whatever the status or the message
		[400, 'Arrearage', 'Access denied, please make sure your account is in good standing.', false],
		[429, 'Arrearage', undefined, false],
		[500, 'Arrearage', undefined, false],
		// 408 and 5xx
		[408, 'RequestTimeOut', 'Request timed out, please try again later.', true],
		[500, 'InternalError', 'internal error', true],
		[500, 'InternalError.Timeout', undefined, true],
		[500, 'ModelServiceFailed', undefined, true],
		[502, undefined, 'Bad Gateway', true],
		[503, 'ModelUnavailable', 'Model is unavailable, please try again later.', true],
		[504, undefined, undefined, true],
		[599, undefined, undefined, true],
		// 4xx: never
		[
			400,
			'InvalidParameter',
			'Required parameter(s) missing or invalid, please check the request parameters.',
			false,
		],
		[400, 'InvalidURL', undefined, false],
		[401, 'InvalidApiKey', 'Invalid API-key provided.', false],
		[403, 'AccessDenied', 'Access denied.', false],
		[403, 'Model.AccessDenied', 'Model access denied.', false],
		[404, 'ModelNotFound', 'Model can not be found.', false],
		[404, 'WorkSpaceNotFound', undefined, false],
		[413, 'BadRequest.TooLarge', 'Payload Too Large.', false],
		[415, 'BadRequest.UnsupportedFileFormat', undefined, false],
		// moderation: never, even under a 5xx or 429
		[400, 'DataInspectionFailed', 'Input or output data may contain inappropriate content.', false],
		[500, 'DataInspectionFailed', undefined, false],
		[400, 'IPInfringementSuspect', undefined, false],
		[429, 'IPInfringementSuspect', undefined, false],
		// no answer / not an error status
		[undefined, undefined, undefined, false],
		[200, undefined, undefined, false],
		[600, undefined, undefined, false],
	])('%s %s %j → %s', (status, code, message, expected) => {
		expect(isTransient(status, code, message)).toBe(expected);
	});
});

describe('describeCode', () => {
	const NOT_AGAIN = /retrying the same request will fail again/;
	it.each<[string, string | undefined, string | undefined, RegExp]>([
		[
			'DataInspectionFailed: moderation, do not retry',
			'DataInspectionFailed',
			undefined,
			NOT_AGAIN,
		],
		[
			'DataInspectionFailed mentions content moderation',
			'DataInspectionFailed',
			'Output data may contain inappropriate content.',
			/content moderation/,
		],
		['IPInfringementSuspect: do not retry', 'IPInfringementSuspect', undefined, NOT_AGAIN],
		[
			'IPInfringementSuspect names the cause',
			'IPInfringementSuspect',
			undefined,
			/intellectual-property/,
		],
		[
			'Free allocated quota',
			'Throttling.AllocationQuota',
			'Free allocated quota exceeded.',
			/free quota of this model is used up/,
		],
		[
			'Allocated quota (paid)',
			'Throttling.AllocationQuota',
			'Allocated quota exceeded, please increase your quota limit.',
			/quota is used up for now/,
		],
		[
			'Allocated quota, no message',
			'Throttling.AllocationQuota',
			undefined,
			/quota is used up for now/,
		],
		['InvalidApiKey', 'InvalidApiKey', 'Invalid API-key provided.', /API key.*region/],
		['Arrearage', 'Arrearage', undefined, /overdue payment/],
		['Workspace.AccessDenied', 'Workspace.AccessDenied', undefined, /Workspace ID/],
		['Model.AccessDenied', 'Model.AccessDenied', undefined, /no access to this model/],
		['AccessDenied.Unpurchased', 'AccessDenied.Unpurchased', undefined, /not activated/],
		['ModelNotFound', 'ModelNotFound', undefined, /region/],
		['WorkSpaceNotFound', 'WorkSpaceNotFound', undefined, /No such workspace/],
		['BadRequest.TooLarge', 'BadRequest.TooLarge', undefined, /10 MB/],
		[
			'InvalidParameter.FileDownload',
			'InvalidParameter.FileDownload',
			'download for input_image error',
			/could not download a reference image/,
		],
		[
			'InvalidParameter.DataInspection',
			'InvalidParameter.DataInspection',
			undefined,
			/timed out downloading/,
		],
		[
			'BadRequest.UnsupportedFileFormat',
			'BadRequest.UnsupportedFileFormat',
			undefined,
			/JPEG, PNG, BMP, WEBP/,
		],
	])('%s', (_title, code, message, expected) => {
		expect(describeCode(code, message)).toMatch(expected);
	});

	it.each(['DataInspectionFailed', 'IPInfringementSuspect'])(
		'%s never suggests trying again',
		(code) => {
			const text = describeCode(code) as string;
			expect(text).not.toMatch(/try again|wait/i);
			expect(text).toMatch(/Change the prompt or the images/);
		},
	);

	it.each<[string | undefined, string | undefined]>([
		[undefined, undefined],
		['', undefined],
		['NoSuchCode', 'message'],
		['InvalidParameter', 'num_images_per_prompt must be 1'],
		['Throttling', undefined],
		['dataInspectionFailed', undefined],
		['toString', undefined],
		['__proto__', undefined],
	])('no description for %j', (code, message) => {
		expect(describeCode(code, message)).toBeUndefined();
	});
});
