/**
 * The shapes of the Wan video layer: a row of the video model table (videoModels.ts), what the node
 * reads from the panel (VideoInput), the request it plans and the result it parses. Facts and their
 * sources: docs/dashscope-notes.md §9. Pure types: no n8n runtime imports.
 */

/** A closed range `[min, max]`. */
export type Range = readonly [number, number];

/**
 * Where a rule comes from: a vendor page or SDK (`documented`), our reading where no page states it
 * (`inferred`; the emulator takes the strict reading), or pages that disagree (`unclear`).
 */
export type Fact = 'documented' | 'inferred' | 'unclear';

/**
 * How a model is asked (docs/dashscope-notes.md §9.2):
 * - `legacy`: wan2.6 and older, `input.img_url` / `input.audio_url` / `input.reference_urls` with
 *   `parameters.size` or `parameters.resolution`;
 * - `keyframes`: the first-and-last-frame models (kf2v), `input.first_frame_url` /
 *   `input.last_frame_url` on the image2video path;
 * - `media`: wan2.7, an `input.media` list of `{type, url}` with `parameters.resolution` (+ `ratio`).
 */
export type VideoProtocol = 'legacy' | 'keyframes' | 'media';

/** What the user asks for; each model offers some (its row's `modes`). */
export type VideoMode =
	| 'textToVideo'
	| 'firstFrame'
	| 'firstLastFrame'
	| 'continuation'
	| 'reference'
	| 'videoEdit';

/**
 * A media input's role, named as wan2.7's `media[].type`; the planner maps each to the field an
 * older protocol uses (`first_frame` → `img_url`, `driving_audio` → `audio_url`, references →
 * `reference_urls`, kf2v frames → `first_frame_url` / `last_frame_url`).
 */
export type MediaRole =
	| 'first_frame'
	| 'last_frame'
	| 'driving_audio'
	| 'first_clip'
	| 'reference_image'
	| 'reference_video'
	| 'video';

export type MediaKind = 'image' | 'video' | 'audio';

/** Optional request parameters, by the name the node reads them under. */
export type VideoParameter =
	| 'negativePrompt'
	| 'promptExtend'
	| 'seed'
	| 'watermark'
	| 'shotType'
	| 'audio'
	| 'audioSetting';

// ---- the table -------------------------------------------------------------------------------

/** What one media file of a kind may be. Checked from the bytes where the node has them. */
export interface MediaLimits {
	/** MIME types the docs list. */
	mimeTypes: readonly string[];
	/** Largest file in bytes. */
	maxBytes: number;
	/** Image: pixels of each side. */
	side?: Range;
	/** Image: width / height. */
	ratio?: Range;
	/** Video or audio: seconds. */
	seconds?: Range;
	fact: Fact;
}

/** One role a mode takes. */
export interface MediaRoleRule {
	role: MediaRole;
	/** The panel's name: "First Frame". */
	label: string;
	kind: MediaKind;
	/** How many inputs of this role (min, max). */
	count: Range;
	/** Whether a `data:<mime>;base64,` URI is accepted; otherwise binary goes through the upload. */
	dataUri: boolean;
	limits: MediaLimits;
}

/** A choice parameter (resolution, size, ratio, shot type). */
export interface VideoChoice {
	/** Accepted values, the cheapest first. */
	values: readonly string[];
	/** What the API uses when the parameter is left out; absent: not documented. */
	apiDefault?: string;
	/** What a fresh node sends: the API default when it is the cheapest, else the cheapest. */
	default: string;
	fact: Fact;
}

/** Output length in whole seconds. */
export interface DurationRule {
	/** Accepted values (a list for models that take only some, e.g. 5 or 10). */
	values?: readonly number[];
	/** Or an integer range. */
	range?: Range;
	/** What the API bills when `duration` is left out; a fresh node sends nothing else. */
	apiDefault: number;
	/** True when `duration` cannot be set (a fixed length, e.g. kf2v's 5 s). */
	fixed?: boolean;
	/** The range when a reference video is among the inputs (wan2.7-r2v: 2–10 s). */
	withReferenceVideo?: Range;
	/** `duration: 0` (the API default) keeps the source video's length (video edit). */
	zeroKeepsSource?: boolean;
	fact: Fact;
}

/** A paid switch: the API's default and what a fresh node sends. */
export interface SwitchRule {
	apiDefault: boolean;
	default: boolean;
	fact: Fact;
}

export interface VideoModeRule {
	/** The panel's name. */
	label: string;
	/** The panel's one-line help. */
	help: string;
	/** Media roles the mode takes; a role not listed is refused. */
	roles: readonly MediaRoleRule[];
	/** Reference images and videos together (min, max), where the docs count them together. */
	references?: Range;
	/** Whether the prompt may be empty. */
	promptOptional: boolean;
	duration: DurationRule;
	/** `parameters.resolution` (`720P`, `1080P`). */
	resolution?: VideoChoice;
	/** `parameters.size` (`1280*720`). */
	size?: VideoChoice;
	/** `parameters.ratio` (`16:9`). */
	ratio?: VideoChoice;
	/** `parameters.shot_type`. */
	shotType?: VideoChoice;
	/** `parameters.audio_setting` (video edit: keep the source audio or make new). */
	audioSetting?: VideoChoice;
	/** `parameters.audio` (flash models): sound costs more, so a fresh node sends `false`. */
	audio?: SwitchRule;
	/** Optional parameters the mode takes; any other one set fails the item. */
	takes: readonly VideoParameter[];
}

export interface VideoRateLimit {
	/** Task submissions per second per account. */
	submissionsPerSecond: number;
	/**
	 * PENDING + RUNNING tasks of this model per account, where the model has a limit of its own;
	 * unset: only the account's (the credential's Running Tasks Limit), which every task counts in.
	 */
	runningTasks?: number;
	fact: Fact;
}

export interface VideoModelRule {
	id: string;
	/** The panel's name. */
	name: string;
	protocol: VideoProtocol;
	/** Under `/api/v1`: `/services/aigc/video-generation/video-synthesis` or the image2video one. */
	path: string;
	modes: Partial<Record<VideoMode, VideoModeRule>>;
	defaultMode: VideoMode;
	/** Characters of `prompt`; longer text is cut by the API (or refused where marked). */
	promptChars: number;
	/** Characters of `negative_prompt`; 0: not taken. */
	negativePromptChars: number;
	limits: VideoRateLimit;
	/** Billing: per second of output; what the price depends on, for the panel's notice. */
	billing: { unit: 'second'; drivenBy: string; fact: Fact };
	/** Source ids of docs/dashscope-notes.md §0 / §9.0 behind the row. */
	sources: readonly string[];
}

// ---- the node's input, the plan, the result --------------------------------------------------

/** Facts about a media file read from its bytes (the node fills in what it knows). */
export interface MediaFacts {
	bytes?: number;
	mimeType?: string;
	width?: number;
	height?: number;
	seconds?: number;
}

/** One media input: `http(s)://`, `oss://` (after the temporary upload) or a data URI. */
export interface VideoMediaItem {
	role: MediaRole;
	url: string;
	facts?: MediaFacts;
}

/** What the node reads from the panel for one item. Absent fields are not sent. */
export interface VideoInput {
	model: string;
	mode: VideoMode;
	prompt?: string;
	negativePrompt?: string;
	/** In the order the prompt refers to them (character1, Image 1, Video 1…). */
	media: readonly VideoMediaItem[];
	resolution?: string;
	size?: string;
	ratio?: string;
	duration?: number;
	shotType?: string;
	promptExtend?: boolean;
	seed?: number;
	watermark?: boolean;
	/** `parameters.audio`: a video with sound (the flash models bill less without). */
	audio?: boolean;
	/** `parameters.audio_setting` of a video edit: `auto` or `origin`. */
	audioSetting?: string;
}

/** A problem with the input, naming the panel parameter. */
export interface VideoInputError {
	parameter: string;
	message: string;
}

export interface VideoRequestBody {
	model: string;
	input: Record<string, unknown>;
	parameters: Record<string, unknown>;
}

/** The create-task request: POST `{base}/api/v1{path}` with `X-DashScope-Async: enable`. */
export interface VideoRequestPlan {
	path: string;
	model: string;
	body: VideoRequestBody;
	/** An `oss://` URL is in the body: send `X-DashScope-OssResourceResolve: enable`. */
	needsOssResolve: boolean;
}

/** `usage` of a video task, as the API names it; fields differ per model. */
export interface VideoUsage {
	duration?: number;
	video_duration?: number;
	input_video_duration?: number;
	output_video_duration?: number;
	video_count?: number;
	video_ratio?: string;
	SR?: number | string;
	size?: string;
	ratio?: string;
	[key: string]: unknown;
}

/** A video task answer in the node's names. */
export interface VideoResult {
	taskId?: string;
	taskStatus?: string;
	submitTime?: string;
	scheduledTime?: string;
	endTime?: string;
	requestId?: string;
	videoUrl?: string;
	origPrompt?: string;
	actualPrompt?: string;
	/** Seconds of the output video. */
	duration?: number;
	/** Billed seconds (output, plus input video where the model bills it). */
	billedSeconds?: number;
	/** `720P`, `1080P`, or the size `W*H`, as the answer gives it. */
	resolution?: string;
	ratio?: string;
	usage?: VideoUsage;
	/** FAILED / CANCELED / UNKNOWN: DashScope's code and message. */
	code?: string;
	message?: string;
}
