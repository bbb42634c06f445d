import nock from 'nock';

import { API_KEY, BASE_URL, runWanx } from './harness';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

test('sync edit returns image URLs', async () => {
	const scope = nock(BASE_URL, { reqheaders: { authorization: `Bearer ${API_KEY}` } })
		.post('/api/v1/services/aigc/multimodal-generation/generation')
		.reply(200, {
			output: { choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: [{ type: 'image', image: 'https://img.test/a.png' }] } }], finished: true },
			usage: { image_count: 1, size: '1376*768' },
			request_id: 'req-1',
		});
	const result = await runWanx({
		parameters: {
			operation: 'generate',
			prompt: 'a cat',
			referenceImages: { images: [{ source: 'url', url: 'https://img.test/in.png' }] },
			options: { downloadImages: false },
		},
	});
	expect(result.error).toBeUndefined();
	expect(result.items[0].json.images).toEqual(['https://img.test/a.png']);
	expect(scope.isDone()).toBe(true);
});
