/** The submission gate's rate for video models comes from the video table's limits (§9.8). */
import { submissionsPerSecond } from '../../nodes/Wanx/api/models';

test.each([
	['wan2.7-i2v', 5],
	['wan2.6-t2v', 5],
	['wan2.2-kf2v-flash', 2],
	['wan2.1-kf2v-plus', 2],
	['wan2.6-t2i', 5],
])('%s: %i submissions per second', (model, rate) => {
	expect(submissionsPerSecond(model, 'ap-southeast-1')).toBe(rate);
});

test('image rules by region are unchanged (wan2.6-t2i in Beijing: 1)', () => {
	expect(submissionsPerSecond('wan2.6-t2i', 'cn-beijing')).toBe(1);
});
