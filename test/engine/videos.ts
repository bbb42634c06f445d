/** Small real MP4 bytes and video task answers for the video tests. */

const box = (type: string, body: Buffer) => {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(8 + body.length, 0);
	head.write(type, 4, 'ascii');
	return Buffer.concat([head, body]);
};

/** An MP4 of `seconds` (ftyp, moov/mvhd, mdat of `mdatBytes`): whole as far as its boxes tell. */
export function mp4(seconds = 5, mdatBytes = 4000): Buffer {
	const mvhd = Buffer.alloc(100);
	mvhd.writeUInt32BE(1000, 12);
	mvhd.writeUInt32BE(seconds * 1000, 16);
	return Buffer.concat([
		box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2avc1mp41')),
		box('moov', box('mvhd', mvhd)),
		box('mdat', Buffer.alloc(mdatBytes, 0x5a)),
	]);
}

/** A SUCCEEDED video task as the wan video pages show it (output.video_url, prompts, usage). */
export const succeededVideo = (taskId: string, videoUrl: string) => ({
	request_id: `poll-${taskId}`,
	output: {
		task_id: taskId,
		task_status: 'SUCCEEDED',
		submit_time: '2025-12-16 04:21:02.275',
		scheduled_time: '2025-12-16 04:21:02.304',
		end_time: '2025-12-16 04:23:46.658',
		orig_prompt: 'a cat yawns',
		actual_prompt: 'A ginger cat slowly yawns in warm light',
		video_url: videoUrl,
	},
	usage: { duration: 5, video_count: 1, SR: 720 },
});
