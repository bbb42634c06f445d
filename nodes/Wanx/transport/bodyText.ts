/** Collects a streamed answer body (an error page or error JSON) as text, for its message. */
export async function readAll(body: unknown): Promise<string> {
	if (typeof body === 'string') return body;
	if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')
		return '';
	const chunks: string[] = [];
	const decoder = new TextDecoder();
	for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
		chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
		if (chunks.length > 256) break;
	}
	return chunks.join('');
}
