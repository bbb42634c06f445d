/**
 * DashScope's temporary file upload, for media the API must fetch by URL but the workflow holds as
 * binary data ("Upload local files to get temporary URLs", docs/dashscope-notes.md §7.4 [D S9]):
 * `GET /api/v1/uploads?action=getPolicy&model=<model>` gives an OSS form policy for that model,
 * the file goes to the policy's upload host as a multipart form (the policy is the authorisation:
 * no Authorization header), and the model call refers to it as `oss://<key>` with the header
 * `X-DashScope-OssResourceResolve: enable`. Files are bound to the model and account, kept 48 h.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkResultUrl } from '../api/resultUrl';
import type { DashScopeClient } from './client';
import { networkErrorCode } from './callErrors';
import { readAll } from './bodyText';
import { backoffMs } from './retry';

/** The header the model call needs when an input is an `oss://` URL [D S9]. */
export const OSS_RESOLVE_HEADER = { 'X-DashScope-OssResourceResolve': 'enable' } as const;

/** The `data` of a getPolicy answer, as the docs and the official SDKs read it [D S9, SDK-PY]. */
interface UploadPolicy {
	policy: string;
	signature: string;
	upload_dir: string;
	upload_host: string;
	oss_access_key_id: string;
	x_oss_object_acl: string;
	x_oss_forbid_overwrite: string;
	/** Present in the documented example; the node refuses larger files before sending them. */
	max_file_size_mb?: number;
}

/** Tries of the form upload: it is free, and each try writes its own key. */
const UPLOAD_ATTEMPTS = 3;

export interface UploadFile {
	itemIndex: number;
	/** The model the file will be used with: the policy binds the file to it. */
	model: string;
	bytes: Buffer;
	mimeType: string;
	/** ASCII file name, e.g. `wanx-item0-first-frame.png`. */
	fileName: string;
	/** How errors name the input: "First Frame (binary property 'data')". */
	label: string;
}

/** Uploads one file; returns its `oss://` URL. */
export async function uploadTemporaryFile(
	client: DashScopeClient,
	file: UploadFile,
): Promise<string> {
	const policy = await getPolicy(client, file);
	const limitMb = Number(policy.max_file_size_mb);
	if (Number.isFinite(limitMb) && limitMb > 0 && file.bytes.length > limitMb * 1024 * 1024) {
		throw uploadError(
			client,
			file,
			`is ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; DashScope's temporary upload takes files up to ${limitMb} MB`,
		);
	}
	const refused = checkResultUrl(policy.upload_host, await client.baseUrl(file.itemIndex));
	if (refused) throw uploadError(client, file, `was not uploaded: the upload host ${refused}`);

	for (let attempt = 1; ; attempt++) {
		// A fresh key per try: the policy forbids overwriting, and a lost answer may hide a stored file.
		const key = `${policy.upload_dir}/${attempt > 1 ? `${attempt}-` : ''}${file.fileName}`;
		const outcome = await postForm(client, policy, key, file);
		if (outcome === 'ok') return `oss://${key}`;
		if (!outcome.retry || attempt >= UPLOAD_ATTEMPTS || client.stopped) {
			throw uploadError(client, file, `could not be uploaded: ${outcome.cause}`);
		}
		await client.pause(backoffMs(attempt));
	}
}

async function getPolicy(client: DashScopeClient, file: UploadFile): Promise<UploadPolicy> {
	const call = {
		method: 'GET' as const,
		path: `/api/v1/uploads?action=getPolicy&model=${encodeURIComponent(file.model)}`,
		itemIndex: file.itemIndex,
		kind: 'uploadPolicy' as const,
		model: file.model,
	};
	const { body } = await client.requestWithRetry<{ data?: Partial<UploadPolicy> }>(call);
	const data = (typeof body === 'object' && body?.data) || {};
	const required = [
		'policy',
		'signature',
		'upload_dir',
		'upload_host',
		'oss_access_key_id',
	] as const;
	const missing = required.filter((field) => typeof data[field] !== 'string' || !data[field]);
	if (missing.length) {
		throw uploadError(
			client,
			file,
			`was not uploaded: DashScope's upload policy lacks ${missing.join(', ')}`,
		);
	}
	return data as UploadPolicy;
}

/** The form OSS's PostObject takes, fields first and the file last [D S9, SDK-PY oss_utils]. */
function multipartBody(policy: UploadPolicy, key: string, file: UploadFile) {
	const boundary = `----wanx${Date.now().toString(16)}${file.bytes.length.toString(16)}`;
	const fields: Array<[string, string]> = [
		['OSSAccessKeyId', policy.oss_access_key_id],
		['Signature', policy.signature],
		['policy', policy.policy],
		['x-oss-object-acl', policy.x_oss_object_acl ?? 'private'],
		['x-oss-forbid-overwrite', policy.x_oss_forbid_overwrite ?? 'true'],
		['key', key],
		['success_action_status', '200'],
		['x-oss-content-type', file.mimeType],
	];
	const head = fields
		.map(
			([name, value]) =>
				`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
		)
		.join('');
	const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`;
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		body: Buffer.concat([
			Buffer.from(head + fileHead),
			file.bytes,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]),
	};
}

async function postForm(
	client: DashScopeClient,
	policy: UploadPolicy,
	key: string,
	file: UploadFile,
): Promise<'ok' | { cause: string; retry: boolean }> {
	const { contentType, body } = multipartBody(policy, key, file);
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await client.ctx.helpers.httpRequest({
			method: 'POST',
			url: policy.upload_host,
			headers: { 'Content-Type': contentType },
			body,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: client.requestTimeoutMs,
			abortSignal: client.ctx.getExecutionCancelSignal(),
		});
	} catch (error) {
		return {
			cause: `no response (${networkErrorCode(error) ?? 'the connection failed'})`,
			retry: true,
		};
	}
	const status = response.statusCode;
	if (status >= 200 && status < 300) return 'ok';
	// OSS answers errors as XML: <Error><Code>…</Code><Message>…</Message>.
	const text = await readAll(response.body);
	const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
	const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
	const detail = [code, message].filter(Boolean).join(': ');
	return {
		cause: `the upload host answered HTTP ${status}${detail ? ` (${detail})` : ''}`,
		retry: status === 429 || status >= 500,
	};
}

function uploadError(client: DashScopeClient, file: UploadFile, problem: string) {
	const error = new NodeOperationError(client.node, `${file.label} ${problem}`, {
		itemIndex: file.itemIndex,
		description:
			'Binary inputs reach DashScope through its temporary file upload (files kept 48 hours, bound to the model). Nothing was generated; give the input as a public URL instead if the upload keeps failing.',
	});
	error.message = `${file.label} ${problem}`;
	return error;
}
