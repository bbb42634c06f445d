/**
 * nodes/Wanx/api/videoPlan.ts and videoParse.ts: the exact create-task body of each protocol
 * (docs/dashscope-notes.md §9.2), the defaults a fresh node sends (the cheapest), and the task
 * output read into the node's names (§9.7).
 */
import { freshVideoInput, VIDEO_MODELS } from '../../nodes/Wanx/api/videoModels';
import { parseVideoTask } from '../../nodes/Wanx/api/videoParse';
import { planVideoRequest } from '../../nodes/Wanx/api/videoPlan';
import { validateVideoInput } from '../../nodes/Wanx/api/videoValidate';
import type { VideoInput } from '../../nodes/Wanx/api/videoTypes';

const VIDEO_PATH = '/services/aigc/video-generation/video-synthesis';
const KF2V_PATH = '/services/aigc/image2video/video-synthesis';
const IMG = 'https://example.com/a.png';
const IMG2 = 'https://example.com/b.png';
const MP3 = 'https://example.com/a.mp3';
const MP4 = 'https://example.com/a.mp4';

/** Plans a valid input (the validator must accept it first). */
function plan(input: VideoInput) {
	expect(validateVideoInput(input)).toBeUndefined();
	return planVideoRequest(input);
}

describe('request bodies at the edges, per protocol', () => {
	test('wan2.6-t2v: size, 15 s, audio_url, multi-shot', () => {
		expect(
			plan({
				model: 'wan2.6-t2v',
				mode: 'textToVideo',
				prompt: 'A detective in the rain',
				negativePrompt: 'blur',
				media: [{ role: 'driving_audio', url: MP3 }],
				size: '1248*1632',
				duration: 15,
				promptExtend: true,
				shotType: 'multi',
				watermark: true,
				seed: 2147483647,
			}),
		).toEqual({
			path: VIDEO_PATH,
			model: 'wan2.6-t2v',
			needsOssResolve: false,
			body: {
				model: 'wan2.6-t2v',
				input: { prompt: 'A detective in the rain', negative_prompt: 'blur', audio_url: MP3 },
				parameters: {
					size: '1248*1632',
					duration: 15,
					prompt_extend: true,
					shot_type: 'multi',
					watermark: true,
					seed: 2147483647,
				},
			},
		});
	});

	test('wan2.6-i2v-flash: img_url as a data URI, 2 s, silent', () => {
		const frame = 'data:image/png;base64,iVBORw0KGgo=';
		expect(
			plan({
				model: 'wan2.6-i2v-flash',
				mode: 'firstFrame',
				prompt: 'The cat turns its head',
				media: [{ role: 'first_frame', url: frame }],
				resolution: '720P',
				duration: 2,
				audio: false,
				seed: 0,
			}).body,
		).toEqual({
			model: 'wan2.6-i2v-flash',
			input: { prompt: 'The cat turns its head', img_url: frame },
			parameters: { resolution: '720P', duration: 2, audio: false, seed: 0 },
		});
	});

	test('wan2.6-r2v: images and videos in one reference_urls list, in the prompt’s order', () => {
		expect(
			plan({
				model: 'wan2.6-r2v',
				mode: 'reference',
				prompt: 'character1 talks to character2',
				media: [
					{ role: 'reference_video', url: MP4 },
					{ role: 'reference_image', url: IMG },
				],
				size: '1280*720',
				duration: 10,
			}).body,
		).toEqual({
			model: 'wan2.6-r2v',
			input: { prompt: 'character1 talks to character2', reference_urls: [MP4, IMG] },
			parameters: { size: '1280*720', duration: 10 },
		});
	});

	test('wan2.7-i2v: input.media with first frame, last frame and driving audio; oss:// needs the header', () => {
		const oss = 'oss://dashscope-instant/abc/2026-12-03/frame.png';
		expect(
			plan({
				model: 'wan2.7-i2v',
				mode: 'firstFrame',
				prompt: 'She starts to sing',
				media: [
					{ role: 'first_frame', url: oss },
					{ role: 'last_frame', url: IMG2 },
					{ role: 'driving_audio', url: MP3 },
				],
				resolution: '1080P',
				duration: 15,
				promptExtend: false,
			}),
		).toEqual({
			path: VIDEO_PATH,
			model: 'wan2.7-i2v',
			needsOssResolve: true,
			body: {
				model: 'wan2.7-i2v',
				input: {
					prompt: 'She starts to sing',
					media: [
						{ type: 'first_frame', url: oss },
						{ type: 'last_frame', url: IMG2 },
						{ type: 'driving_audio', url: MP3 },
					],
				},
				parameters: { resolution: '1080P', duration: 15, prompt_extend: false },
			},
		});
	});

	test('wan2.7-i2v continuation: first_clip', () => {
		expect(
			plan({
				model: 'wan2.7-i2v',
				mode: 'continuation',
				prompt: 'He opens the box',
				media: [{ role: 'first_clip', url: MP4 }],
				resolution: '720P',
			}).body.input,
		).toEqual({ prompt: 'He opens the box', media: [{ type: 'first_clip', url: MP4 }] });
	});

	test('wan2.7-t2v: resolution and ratio; its audio goes to input.audio_url', () => {
		expect(
			plan({
				model: 'wan2.7-t2v',
				mode: 'textToVideo',
				prompt: 'A lighthouse',
				media: [{ role: 'driving_audio', url: MP3 }],
				resolution: '720P',
				ratio: '9:16',
				duration: 2,
			}).body,
		).toEqual({
			model: 'wan2.7-t2v',
			input: { prompt: 'A lighthouse', audio_url: MP3 },
			parameters: { resolution: '720P', ratio: '9:16', duration: 2 },
		});
	});

	test('wan2.7-r2v and wan2.7-videoedit: media types as the API names them', () => {
		expect(
			plan({
				model: 'wan2.7-r2v',
				mode: 'reference',
				prompt: 'Image 1 dances with Video 1',
				media: [
					{ role: 'reference_image', url: IMG },
					{ role: 'reference_video', url: MP4 },
				],
				resolution: '720P',
				ratio: '1:1',
				duration: 10,
			}).body,
		).toEqual({
			model: 'wan2.7-r2v',
			input: {
				prompt: 'Image 1 dances with Video 1',
				media: [
					{ type: 'reference_image', url: IMG },
					{ type: 'reference_video', url: MP4 },
				],
			},
			parameters: { resolution: '720P', ratio: '1:1', duration: 10 },
		});
		expect(
			plan({
				model: 'wan2.7-videoedit',
				mode: 'videoEdit',
				prompt: 'Clay style',
				media: [
					{ role: 'video', url: MP4 },
					{ role: 'reference_image', url: IMG },
				],
				resolution: '720P',
				duration: 0,
				audioSetting: 'origin',
			}).body,
		).toEqual({
			model: 'wan2.7-videoedit',
			input: {
				prompt: 'Clay style',
				media: [
					{ type: 'video', url: MP4 },
					{ type: 'reference_image', url: IMG },
				],
			},
			parameters: { resolution: '720P', duration: 0, audio_setting: 'origin' },
		});
	});

	test('kf2v: the image2video path, first_frame_url and last_frame_url, no duration sent', () => {
		expect(
			plan({
				model: 'wan2.2-kf2v-flash',
				mode: 'firstLastFrame',
				prompt: '',
				media: [
					{ role: 'first_frame', url: IMG },
					{ role: 'last_frame', url: IMG2 },
				],
				resolution: '480P',
				duration: 5,
			}),
		).toEqual({
			path: KF2V_PATH,
			model: 'wan2.2-kf2v-flash',
			needsOssResolve: false,
			body: {
				model: 'wan2.2-kf2v-flash',
				input: { first_frame_url: IMG, last_frame_url: IMG2 },
				parameters: { resolution: '480P' },
			},
		});
	});
});

describe('a fresh node bills the minimum', () => {
	/** The cheapest documented tier per model: the lowest resolution, or a 720P size. */
	const CHEAPEST: Record<string, Record<string, unknown>> = {
		'wan2.6-t2v': { size: '1280*720' },
		'wan2.6-i2v': { resolution: '720P' },
		'wan2.6-i2v-flash': { resolution: '720P', audio: false },
		'wan2.6-r2v': { size: '1280*720' },
		'wan2.6-r2v-flash': { size: '1280*720', audio: false },
		'wan2.7-t2v': { resolution: '720P' },
		'wan2.7-i2v': { resolution: '720P' },
		'wan2.7-r2v': { resolution: '720P' },
		'wan2.7-videoedit': { resolution: '720P' },
		'wan2.2-kf2v-flash': { resolution: '480P' },
		'wan2.1-kf2v-plus': { resolution: '720P' },
	};

	test.each(VIDEO_MODELS.map((model) => model.id))('%s', (id) => {
		const { parameters } = planVideoRequest(freshVideoInput(id, undefined, 'x')).body;
		// No duration is sent: the API's default (5 s; the source's length for an edit), never the longest.
		expect(parameters).toEqual(CHEAPEST[id]);
	});

	test('every documented model has a row', () => {
		expect(VIDEO_MODELS.map((model) => model.id).sort()).toEqual(Object.keys(CHEAPEST).sort());
	});
});

describe('parseVideoTask', () => {
	test('a wan2.6 SUCCEEDED task: URL, prompts, output and billed seconds, resolution', () => {
		expect(
			parseVideoTask({
				request_id: 'req-1',
				output: {
					task_id: 't-1',
					task_status: 'SUCCEEDED',
					submit_time: '2026-12-03 18:00:00.000',
					scheduled_time: '2026-12-03 18:00:01.000',
					end_time: '2026-12-03 18:02:00.000',
					video_url: 'https://dashscope-result.example/a.mp4?Expires=1',
					orig_prompt: 'a cat',
					actual_prompt: 'a white cat running',
				},
				usage: {
					duration: 15,
					input_video_duration: 5,
					output_video_duration: 10,
					video_count: 1,
					SR: 720,
					size: '1280*720',
				},
			}),
		).toEqual({
			taskId: 't-1',
			taskStatus: 'SUCCEEDED',
			submitTime: '2026-12-03 18:00:00.000',
			scheduledTime: '2026-12-03 18:00:01.000',
			endTime: '2026-12-03 18:02:00.000',
			requestId: 'req-1',
			videoUrl: 'https://dashscope-result.example/a.mp4?Expires=1',
			origPrompt: 'a cat',
			actualPrompt: 'a white cat running',
			duration: 10,
			billedSeconds: 15,
			resolution: '720P',
			usage: {
				duration: 15,
				input_video_duration: 5,
				output_video_duration: 10,
				video_count: 1,
				SR: 720,
				size: '1280*720',
			},
		});
	});

	test('older usage (video_duration, video_ratio) and a failed task', () => {
		expect(
			parseVideoTask({
				output: { task_id: 't-2', task_status: 'SUCCEEDED', video_url: 'https://x/a.mp4' },
				usage: { video_duration: 5, video_ratio: 'standard', video_count: 1 },
			}),
		).toMatchObject({ duration: 5, billedSeconds: 5, ratio: 'standard' });
		expect(
			parseVideoTask({
				request_id: 'r',
				output: {
					task_id: 't-3',
					task_status: 'FAILED',
					code: 'DataInspectionFailed',
					message: 'Input data may contain inappropriate content.',
				},
			}),
		).toEqual({
			taskId: 't-3',
			taskStatus: 'FAILED',
			requestId: 'r',
			code: 'DataInspectionFailed',
			message: 'Input data may contain inappropriate content.',
		});
		expect(parseVideoTask('not json')).toEqual({});
	});
});
