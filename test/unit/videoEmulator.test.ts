/* eslint-disable @typescript-eslint/no-explicit-any -- captured request bodies and the emulator's records are untyped JSON */
/**
 * The node's video planner against the emulator, two sides written apart from the docs: what a
 * fresh node sends for each model and mode is accepted and bills the API's default 5 s, and a
 * value one past an edge, which the node refuses, is refused by the emulator too (400).
 */
import { freshVideoInput, VIDEO_MODELS } from '../../nodes/Wanx/api/videoModels';
import { parseVideoTask } from '../../nodes/Wanx/api/videoParse';
import { planVideoRequest } from '../../nodes/Wanx/api/videoPlan';
import { validateVideoInput } from '../../nodes/Wanx/api/videoValidate';
import type { MediaRole, VideoInput, VideoMode } from '../../nodes/Wanx/api/videoTypes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEmulator } = require('../emulator');

const KEY = 'sk-emulator-test';
let emu: { apiUrl: string; close(): Promise<void>; reset(): void };

const MEDIA: Record<MediaRole, string> = {
	first_frame: 'https://example.com/first.png',
	last_frame: 'https://example.com/last.png',
	driving_audio: 'https://example.com/voice.mp3',
	first_clip: 'https://example.com/clip.mp4',
	reference_image: 'https://example.com/ref.png',
	reference_video: 'https://example.com/ref.mp4',
	video: 'https://example.com/source.mp4',
};

/** The media each mode needs at least (its required roles; r2v one reference image). */
function neededMedia(modelId: string, mode: VideoMode) {
	const rule = VIDEO_MODELS.find((model) => model.id === modelId)!.modes[mode]!;
	const media = rule.roles
		.filter((role) => role.count[0] > 0)
		.map((role) => ({ role: role.role, url: MEDIA[role.role] }));
	if (rule.references) media.push({ role: 'reference_image', url: MEDIA.reference_image });
	return media;
}

async function send(input: VideoInput) {
	const plan = planVideoRequest(input);
	const headers: Record<string, string> = {
		authorization: `Bearer ${KEY}`,
		'content-type': 'application/json',
		'x-dashscope-async': 'enable',
	};
	if (plan.needsOssResolve) headers['x-dashscope-ossresourceresolve'] = 'enable';
	const res = await fetch(emu.apiUrl + plan.path, {
		method: 'POST',
		headers,
		body: JSON.stringify(plan.body),
	});
	return { status: res.status, json: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
	emu = await startEmulator({ taskTimings: { pendingMs: 0, runningMs: 0 }, limits: false });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const MODES = VIDEO_MODELS.flatMap((model) =>
	(Object.keys(model.modes) as VideoMode[]).map((mode) => [model.id, mode] as const),
);

test.each(MODES)('%s %s: a fresh node is accepted and bills 5 s', async (model, mode) => {
	const input = freshVideoInput(model, mode, 'A lighthouse at dusk', neededMedia(model, mode));
	expect(validateVideoInput(input)).toBeUndefined();
	const created = await send(input);
	expect(created.status).toBe(200);
	const res = await fetch(`${emu.apiUrl}/tasks/${created.json.output.task_id}`, {
		headers: { authorization: `Bearer ${KEY}` },
	});
	const result = parseVideoTask(await res.json());
	expect(result.taskStatus).toBe('SUCCEEDED');
	expect(result.videoUrl).toMatch(/\.mp4\?/);
	expect(result.duration).toBe(5);
	expect(result.billedSeconds).toBe(model === 'wan2.7-videoedit' ? 10 : 5);
});

/** One past an edge: the node refuses it, and so does the emulator when it is sent anyway. */
const PAST_EDGES: Array<[string, VideoMode, Partial<VideoInput>, string]> = [
	['wan2.6-t2v', 'textToVideo', { duration: 16 }, 'Duration'],
	['wan2.6-t2v', 'textToVideo', { duration: 1 }, 'Duration'],
	['wan2.6-i2v', 'firstFrame', { resolution: '480P' }, 'Resolution'],
	['wan2.6-r2v', 'reference', { duration: 11 }, 'Duration'],
	['wan2.7-t2v', 'textToVideo', { ratio: '21:9' }, 'Aspect Ratio'],
	['wan2.7-t2v', 'textToVideo', { shotType: 'multi' }, 'Shot Type'],
	['wan2.7-i2v', 'firstFrame', { duration: 16 }, 'Duration'],
	['wan2.7-videoedit', 'videoEdit', { duration: 11 }, 'Duration'],
	['wan2.1-kf2v-plus', 'firstLastFrame', { resolution: '1080P' }, 'Resolution'],
	['wan2.7-r2v', 'reference', { seed: 2147483648 }, 'Seed'],
];

test.each(PAST_EDGES)('%s %s %j: refused by both sides', async (model, mode, change, parameter) => {
	const input = {
		...freshVideoInput(model, mode, 'x', neededMedia(model, mode)),
		...change,
	};
	expect(validateVideoInput(input)?.parameter).toBe(parameter);
	const created = await send(input);
	expect(created.status).toBe(400);
	expect(created.json.code).toBe('InvalidParameter');
});
