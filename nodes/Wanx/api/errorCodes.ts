/**
 * What DashScope error codes mean for the user and for retries (docs/dashscope-notes.md §5). Pure.
 */
import { acceptedTypes } from './referenceImage';

const CONTENT_REJECTED =
	'DashScope rejected the content: the prompt, a reference image or the generated image was flagged by content moderation. Change the prompt or the images; retrying the same request will fail again.';

const DESCRIPTIONS: Record<string, string> = {
	DataInspectionFailed: CONTENT_REJECTED,
	IPInfringementSuspect:
		'DashScope suspects intellectual-property infringement (for example a brand, trademark, studio or character name in the prompt, or a protected image). Change the prompt or the images; retrying the same request will fail again.',
	InvalidApiKey:
		'Check the API key in the DashScope credential, and that its region matches the key.',
	Arrearage:
		'The Alibaba Cloud account has an overdue payment. Top up the account, then try again.',
	'Workspace.AccessDenied':
		'The key has no access to this workspace. Check the Workspace ID in the credential.',
	'Model.AccessDenied':
		'The key or workspace has no access to this model. Enable it in the Model Studio console.',
	'AccessDenied.Unpurchased':
		'The model is not activated for this account. Activate it in the Model Studio console.',
	ModelNotFound:
		'No such model in this region. Check the Model field and the region of the credential.',
	WorkSpaceNotFound: 'No such workspace. Check the Workspace ID in the credential.',
	'BadRequest.TooLarge':
		'The request is too large. Use smaller reference images (each at most 10 MB, less after Base64).',
	'InvalidParameter.FileDownload':
		'DashScope could not download a reference image. Use a public URL that answers quickly, or pass the image as binary.',
	'InvalidParameter.DataInspection':
		'DashScope timed out downloading a reference image for moderation. Use a faster public URL or pass the image as binary.',
	'BadRequest.UnsupportedFileFormat': `A reference image has a format the API does not accept (${acceptedTypes()}).`,
	'Throttling.AllocationQuota':
		'The account quota is used up for now. Wait, or raise the quota in the console.',
};

export function describeCode(code: string | undefined, message?: string): string | undefined {
	if (!code) return undefined;
	// An unknown model was also seen answered this way (docs/dashscope-notes.md §5.2).
	if (code === 'InvalidParameter' && /model not exist/i.test(message ?? '')) {
		return DESCRIPTIONS.ModelNotFound;
	}
	if (code === 'Throttling.AllocationQuota' && /free allocated quota/i.test(message ?? '')) {
		return 'The free quota of this model is used up. Enable paid usage in the Model Studio console.';
	}
	return Object.prototype.hasOwnProperty.call(DESCRIPTIONS, code) ? DESCRIPTIONS[code] : undefined;
}

/** Codes that never succeed on retry, even under a retryable HTTP status. */
const PERMANENT_CODES = new Set([
	'Arrearage',
	'PrepaidBillOverdue',
	'PostpaidBillOverdue',
	'CommodityNotPurchased',
	'DataInspectionFailed',
	'IPInfringementSuspect',
]);

/** Whether a failed call is worth repeating (429 rate limits, 5xx), as far as the answer tells. */
export function isTransient(status: number | undefined, code?: string, message?: string): boolean {
	if (code && PERMANENT_CODES.has(code)) return false;
	if (/free allocated quota|bill overdue|arrear/i.test(message ?? '')) return false;
	if (status === 429 || status === 408) return true;
	return status !== undefined && status >= 500 && status <= 599;
}
