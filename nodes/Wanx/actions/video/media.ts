/**
 * The media inputs of a video item (first frame, last frame, audio, reference images and videos,
 * the source video): each from a URL, a binary property of the item, or Base64. Bytes are read once
 * to check what they are (their magic bytes, an image's pixel size, a file's size and length), then
 * dropped; a binary or Base64 input is read again at send time and goes through DashScope's
 * temporary upload (transport/upload.ts) unless the model takes it inline as a data URI.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { asText } from '../../api/values';
import {
	dataUri,
	fileExtension,
	isBase64,
	KIND_WORDS,
	splitDataUri,
	readMediaFacts,
	type MediaFacts,
} from '../../api/mediaKind';
import type { MediaRole, MediaRoleRule, VideoMediaItem } from '../../api/videoTypes';
import type { DashScopeClient } from '../../transport/client';
import { uploadTemporaryFile } from '../../transport/upload';
import { inputError } from '../parameters';

export interface MediaEntry {
	role?: unknown;
	source?: unknown;
	url?: unknown;
	binaryPropertyName?: unknown;
	base64?: unknown;
}

/** A checked media input; bytes (binary or Base64) are read again by `materialize`. */
export interface CheckedMedia {
	role: MediaRole;
	/** How errors name it: "First Frame (binary property 'data')". */
	label: string;
	/** The URL as given; empty for bytes, which `materialize` turns into a URL. */
	url: string;
	bytes?: {
		from: 'binary' | 'base64';
		/** The binary property, or the Base64 text. */
		ref: string;
		facts: MediaFacts;
		size: number;
	};
}

/** Reads and checks one Media entry of an item (nothing sent). */
export async function checkMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: MediaEntry,
	position: number,
	accepts: (role: string) => MediaRoleRule | undefined,
	roles: string,
): Promise<CheckedMedia> {
	const fail = (label: string, message: string) =>
		inputError(ctx, itemIndex, label, message, 'Media');
	const text = (value: unknown, label: string, what: string) => {
		const coerced = asText(value);
		if (!coerced.ok) throw fail(label, `(${what}) ${coerced.message}`);
		return coerced.value.trim();
	};
	const role = text(entry.role, `Media ${position}`, 'role');
	const rule = accepts(role);
	if (!rule) {
		throw fail(
			`Media ${position}`,
			`has the role "${role}", which this model and mode do not take: use ${roles}`,
		);
	}
	const label = `${rule.label} (media ${position})`;

	if (entry.source === 'binary' || entry.source === 'base64') {
		let bytes: Buffer;
		let ref: string;
		let where: string;
		if (entry.source === 'binary') {
			ref = text(entry.binaryPropertyName ?? 'data', label, 'binary property name') || 'data';
			where = `${label} (binary property '${ref}')`;
			const binary = ctx.getInputData()[itemIndex]?.binary?.[ref];
			if (!binary) {
				const present = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
				throw fail(
					where,
					`is missing on this item${present.length ? `; it has: ${present.join(', ')}` : '; it has no binary data'}`,
				);
			}
			bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, ref);
		} else {
			where = `${label} (Base64)`;
			ref = text(entry.base64, where, 'Base64');
			const data = splitDataUri(ref).payload.replace(/\s+/g, '');
			if (data === '') throw fail(where, 'is empty');
			if (!isBase64(data)) throw fail(where, 'is not valid Base64');
			ref = data;
			bytes = Buffer.from(data, 'base64');
		}
		const facts = checkBytes(bytes, rule, (message) => fail(where, message));
		return {
			role: rule.role,
			label: where,
			url: '',
			bytes: { from: entry.source, ref, facts, size: bytes.length },
		};
	}

	const url = text(entry.url, label, 'URL');
	if (url === '')
		throw fail(label, 'is empty: give a URL, or choose Binary File or Base64 as its source');
	if (!/^(https?|oss):\/\//i.test(url)) {
		throw fail(label, `"${url.slice(0, 60)}" is not an http(s) or oss:// URL`);
	}
	return { role: rule.role, label, url };
}

/**
 * What the bytes are, read from their magic bytes: they must be of the role's kind (an image for a
 * frame, a video for a clip, audio for a soundtrack). Type, size, pixels and length are checked
 * against the role's limits by validateVideoInput, from the facts returned here.
 */
function checkBytes(
	bytes: Buffer,
	rule: MediaRoleRule,
	fail: (message: string) => Error,
): MediaFacts {
	if (bytes.length === 0) throw fail('is empty (0 bytes)');
	const facts = readMediaFacts(bytes);
	if (!facts || facts.kind !== rule.kind) {
		throw fail(
			`must be ${KIND_WORDS[rule.kind]}; its bytes are ${facts ? KIND_WORDS[facts.kind] : 'none of these, whatever its label says'}`,
		);
	}
	return facts;
}

/**
 * The item as the video layer checks and plans it. Bytes not yet sent stand as the form they will
 * take: a data URI where the role takes one, else the `oss://` URL of the upload to come.
 */
export function mediaItem(media: CheckedMedia, rule?: MediaRoleRule): VideoMediaItem {
	const facts = media.bytes?.facts;
	if (!facts) return { role: media.role, url: media.url };
	const pending = rule?.dataUri ? `data:${facts.mimeType};base64,` : 'oss://upload-pending';
	return {
		role: media.role,
		url: media.url || pending,
		facts: {
			bytes: media.bytes!.size,
			mimeType: facts.mimeType,
			width: facts.image?.width,
			height: facts.image?.height,
			seconds: facts.durationSeconds,
		},
	};
}

/**
 * The URL a checked input is sent as: its own URL, a data URI where the model takes one, or the
 * `oss://` URL of a temporary upload. Says whether an upload happened (the call then needs the
 * resolve header).
 */
export async function materialize(
	ctx: IExecuteFunctions,
	client: DashScopeClient,
	itemIndex: number,
	model: string,
	media: CheckedMedia,
	rule: MediaRoleRule,
): Promise<{ url: string; uploaded: boolean }> {
	if (!media.bytes) return { url: media.url, uploaded: false };
	const { from, ref, facts } = media.bytes;
	const bytes =
		from === 'binary'
			? await ctx.helpers.getBinaryDataBuffer(itemIndex, ref)
			: Buffer.from(ref, 'base64');
	if (rule.dataUri) return { url: dataUri(facts.mimeType, bytes), uploaded: false };
	const fileName = `wanx-item${itemIndex}-${media.role.replace(/[^a-z0-9]+/gi, '-')}.${fileExtension(facts.mimeType)}`;
	const url = await uploadTemporaryFile(client, {
		itemIndex,
		model,
		bytes,
		mimeType: facts.mimeType,
		fileName,
		label: media.label,
	});
	return { url, uploaded: true };
}
