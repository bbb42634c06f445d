/** Response bodies as DashScope documents them (docs/dashscope-notes.md §3, §5). */

export const PATH = {
	sync: '/api/v1/services/aigc/multimodal-generation/generation',
	async: '/api/v1/services/aigc/image-generation/generation',
	task: (id: string) => `/api/v1/tasks/${id}`,
	cancel: (id: string) => `/api/v1/tasks/${id}/cancel`,
};

export const imageChoice = (url: string) => ({
	finish_reason: 'stop',
	message: { role: 'assistant', content: [{ type: 'image', image: url }] },
});

export const syncEdit = (urls = ['https://result.test/1.png']) => ({
	output: { choices: urls.map(imageChoice), finished: true },
	usage: {
		image_count: urls.length,
		input_tokens: 0,
		output_tokens: 0,
		size: '1376*768',
		total_tokens: 0,
	},
	request_id: 'a3f4befe-cacd-49c9-8298-000000000001',
});

export const created = (taskId: string) => ({
	output: { task_status: 'PENDING', task_id: taskId },
	request_id: `create-${taskId}`,
});

export const running = (taskId: string) => ({
	request_id: `poll-${taskId}`,
	output: { task_id: taskId, task_status: 'RUNNING', submit_time: '2025-12-16 04:21:02.275' },
});

export const succeededEdit = (
	taskId: string,
	urls = ['https://result.test/1.png', 'https://result.test/2.png'],
) => ({
	request_id: `poll-${taskId}`,
	output: {
		task_id: taskId,
		task_status: 'SUCCEEDED',
		submit_time: '2025-12-16 04:21:02.275',
		scheduled_time: '2025-12-16 04:21:02.304',
		end_time: '2025-12-16 04:24:46.658',
		finished: true,
		choices: urls.map(imageChoice),
	},
	usage: {
		size: '1376*768',
		total_tokens: 0,
		image_count: urls.length,
		output_tokens: 0,
		input_tokens: 0,
	},
});

export const succeededInterleave = (taskId: string) => ({
	output: {
		task_id: taskId,
		task_status: 'SUCCEEDED',
		submit_time: '2026-01-16 17:47:39.469',
		scheduled_time: '2026-01-16 17:47:39.804',
		end_time: '2026-01-16 17:49:46.736',
		finished: true,
		choices: [
			{
				finish_reason: 'stop',
				message: {
					role: 'assistant',
					content: [
						{ type: 'text', text: 'First, prepare the ingredients.' },
						{ type: 'image', image: 'https://result.test/step1.png' },
						{ type: 'text', text: 'Next, stir-fry.' },
						{ type: 'image', image: 'https://result.test/step2.png' },
					],
				},
			},
		],
	},
	usage: {
		input_tokens: 29,
		output_tokens: 477,
		size: '1280*1280',
		total_tokens: 506,
		image_count: 2,
	},
	request_id: `poll-${taskId}`,
});

/** FAILED with code and message inside `output` (the task docs). */
export const failedInOutput = (taskId: string) => ({
	request_id: 'dccfdf23-b38e-97a6-a07b-f35118c1ada6',
	output: {
		task_id: taskId,
		task_status: 'FAILED',
		submit_time: '2024-05-16 14:15:14.103',
		scheduled_time: '2024-05-16 14:15:14.154',
		end_time: '2024-05-16 14:15:14.694',
		code: 'InvalidParameter.FileDownload',
		message: 'download for input_image error',
	},
});

/** FAILED with code and message at the top level (the wan2.6 page's "task error" example). */
export const failedTopLevel = (taskId: string) => ({
	request_id: 'a4d78a5f-0000-0000-0000-000000000000',
	code: 'InvalidParameter',
	message: 'num_images_per_prompt must be 1',
	output: { task_id: taskId, task_status: 'FAILED' },
});

export const unknownTask = (taskId: string) => ({
	request_id: 'unknown-req',
	output: { task_id: taskId, task_status: 'UNKNOWN' },
});

export const errorBody = (code: string, message: string, requestId = `req-${code}`) => ({
	code,
	message,
	request_id: requestId,
});
