/**
 * Test-only: a whole stream given as chunks (strings or UTF-8 bytes), decoded and assembled at
 * once, reading to the end (the node reads its streams with assembleSseAsync).
 */
import { SseDecoder } from '../../nodes/Wanx/api/sseFrames';
import { StreamAssembler, type SseResult } from '../../nodes/Wanx/api/sseMessage';

export function assembleSse(chunks: Iterable<string | Uint8Array>): SseResult {
	const decoder = new SseDecoder();
	const assembler = new StreamAssembler();
	for (const chunk of chunks) for (const frame of decoder.push(chunk)) assembler.add(frame);
	for (const frame of decoder.end()) assembler.add(frame);
	return assembler.result();
}
