import nock from 'nock';

/**
 * nock for one engine test file. Jest gives each file a fresh copy of nock while its HTTP
 * interceptor stays installed globally, so each file re-activates it, and checks at the end
 * that every mock was used.
 */
export function useNock(): void {
	beforeAll(() => {
		nock.restore();
		nock.activate();
		nock.disableNetConnect();
	});
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => {
		nock.restore();
	});
}
