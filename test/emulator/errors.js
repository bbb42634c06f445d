'use strict';
/**
 * DashScope error codes → default HTTP status and message.
 * Source: docs/dashscope-notes.md §5 (S8 error-code table, S12, S1/S2).
 * Entries marked "inferred" have no documented message; the wording is ours.
 */
const ERRORS = {
	InvalidParameter: [
		400,
		'Required parameter(s) missing or invalid, please check the request parameters.',
	],
	'InvalidParameter.FileDownload': [400, 'download for input_image error'],
	'InvalidParameter.DataInspection': [
		400,
		'Download the media resource timed out during the data inspection process.',
	],
	DataInspectionFailed: [400, 'Input or output data may contain inappropriate content.'],
	IPInfringementSuspect: [400, 'Input or output data is suspected of IP infringement.'], // status + message inferred
	'BadRequest.EmptyInput': [400, 'Required input parameter missing from request.'],
	'BadRequest.EmptyParameters': [400, 'Required parameter "parameters" missing from request.'],
	'BadRequest.EmptyModel': [400, 'Required parameter "model" missing from request.'],
	InvalidURL: [400, 'Invalid URL provided in your request.'],
	Arrearage: [400, 'Access denied, please make sure your account is in good standing.'],
	UnsupportedOperation: [400, 'The operation is unsupported on the referee object.'],
	CustomRoleBlocked: [
		400,
		'Input or output data may contain inappropriate content with custom rule.',
	],
	FaqRuleBlocked: [400, 'Input or output data is blocked by faq rule.'],
	InvalidApiKey: [401, 'Invalid API-key provided.'],
	AccessDenied: [403, 'Access denied.'],
	'Workspace.AccessDenied': [403, 'Workspace access denied.'],
	'Model.AccessDenied': [403, 'Model access denied.'],
	'AccessDenied.Unpurchased': [
		403,
		'Access to model denied. Please make sure you are eligible for using the model.',
	],
	WorkSpaceNotFound: [404, 'WorkSpace can not be found.'],
	ModelNotFound: [404, 'Model can not be found.'],
	NotFound: [404, 'Not Found.'], // inferred: unknown path
	RequestTimeOut: [408, 'Request timed out, please try again later.'],
	'BadRequest.TooLarge': [413, 'Payload Too Large.'],
	'BadRequest.InputDownloadFailed': [415, 'Failed to download the input file.'],
	'BadRequest.UnsupportedFileFormat': [415, 'Input file format is not supported.'],
	Throttling: [429, 'Requests throttling triggered.'],
	'Throttling.RateQuota': [429, 'Requests rate limit exceeded, please try again later.'],
	'Throttling.AllocationQuota': [
		429,
		'Allocated quota exceeded, please increase your quota limit.',
	],
	LimitRequests: [429, 'You exceeded your current requests list.'],
	PrepaidBillOverdue: [429, 'The prepaid bill is overdue.'],
	PostpaidBillOverdue: [429, 'The postpaid bill is overdue.'],
	CommodityNotPurchased: [429, 'Commodity has not purchased yet.'],
	InternalError: [
		500,
		'An internal error has occured, please try again later or contact service support.',
	],
	'InternalError.Algo': [500, 'An internal error occured during algorithm execution.'],
	'InternalError.Timeout': [
		500,
		'An internal timeout error has occured during execution, please try again later or contact service support.',
	],
	SystemError: [500, 'An system error has occured, please try again later.'],
	ModelServiceFailed: [500, 'Failed to request model service.'],
	BadGateway: [502, 'Bad gateway.'], // inferred
	ModelUnavailable: [503, 'Model is unavailable, please try again later.'],
	GatewayTimeout: [504, 'Gateway timeout, please try again later.'], // inferred
};

/** Default code for an HTTP status (used by `status` faults that give only a status). */
const CODE_FOR_STATUS = {
	400: 'InvalidParameter',
	401: 'InvalidApiKey',
	403: 'AccessDenied',
	404: 'NotFound',
	408: 'RequestTimeOut',
	413: 'BadRequest.TooLarge',
	415: 'BadRequest.UnsupportedFileFormat',
	429: 'Throttling.RateQuota',
	500: 'InternalError',
	502: 'BadGateway',
	503: 'ModelUnavailable',
	504: 'GatewayTimeout',
};

/**
 * Resolve {status, code, message} from any subset of them.
 * Precedence: explicit values, then the code's table entry, then the status's default code.
 */
function resolveError({ status, code, message } = {}, fallbackStatus = 400) {
	let st = status;
	let cd = code;
	if (!cd) cd = CODE_FOR_STATUS[st || fallbackStatus] || 'InternalError';
	const entry = ERRORS[cd];
	if (!st) st = entry ? entry[0] : fallbackStatus;
	const msg = message || (entry ? entry[1] : `${cd}`);
	return { status: st, code: cd, message: msg };
}

module.exports = { ERRORS, CODE_FOR_STATUS, resolveError };
