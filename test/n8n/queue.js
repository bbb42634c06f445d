'use strict';
/**
 * Real n8n processes for the queue-mode and shared-account e2e tests, on top of ./server.js:
 * a main (`n8n start`), a worker (`n8n worker`, readiness from its health server), the parsed JSON
 * log of either, and a REST client that creates credentials and workflows and publishes them
 * (POST /rest/workflows/:id/activate), as the editor does.
 *
 *   const main = await startMain(folder, env);        // folder from run.prepareUserFolder
 *   const api = restClient(main);
 *   const cred = await api.post('/rest/credentials', {...});
 *   const worker = await startWorker(workerFolder, env, { concurrency: 1 });
 *   logLines(worker)                                  // [{ level, message, ... }]
 *   workerJobs(worker)                                // [{ event, executionId, job }]
 */
const fs = require('node:fs');
const run = require('./run');
const { startN8nServer } = require('./server');

/** n8n's start-up runs database migrations: minutes on a busy 2-core machine. */
const READY_TIMEOUT_MS = 15 * 60 * 1000;

function startMain(folder, env = {}) {
	return startN8nServer({
		install: folder.n8n,
		userFolder: folder.userFolder,
		env: { ...folder.env, ...env },
		readyTimeoutMs: READY_TIMEOUT_MS,
	});
}

/** `n8n worker`; its health server (QUEUE_HEALTH_CHECK_*) answers /healthz/readiness once DB and Redis are up. */
async function startWorker(folder, env = {}, { concurrency = 10 } = {}) {
	const port = await run.freePort();
	return startN8nServer({
		install: folder.n8n,
		userFolder: folder.userFolder,
		port,
		args: ['worker', `--concurrency=${concurrency}`],
		env: {
			...folder.env,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(port),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...env,
		},
		readyTimeoutMs: READY_TIMEOUT_MS,
	});
}

/** The JSON log lines the process has written so far. */
function logLines(srv) {
	return run.parseLogLines(fs.existsSync(srv.logFile) ? fs.readFileSync(srv.logFile, 'utf8') : '');
}

/**
 * The jobs a worker ran, in order, from its "Worker started|finished execution <id> (job <n>)"
 * log lines (n8n's JobProcessor).
 */
function workerJobs(worker) {
	return logLines(worker)
		.map((l) => /^Worker (started|finished) execution (\S+) \(job (\S+)\)/.exec(String(l.message)))
		.filter(Boolean)
		.map(([, event, executionId, job]) => ({ event, executionId, job }));
}

const WEBHOOK = 'n8n-nodes-base.webhook';

/**
 * Waits until a production webhook answers: activation returns before the webhook is registered
 * (seen in regular mode: a call right after it got 404 "not registered"). A CORS preflight asks
 * without running the workflow: 204 once registered, 404 before (webhook-request-handler).
 */
async function webhookRegistered(srv, path, timeoutMs = 120000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const r = await fetch(`${srv.base}/webhook/${path}`, {
			method: 'OPTIONS',
			headers: { origin: srv.base, 'access-control-request-method': 'POST' },
		});
		if (r.status === 204) return;
		if (Date.now() > deadline)
			throw new Error(
				`webhook ${path} not registered after ${timeoutMs / 1000} s (OPTIONS ${r.status})`,
			);
		await new Promise((res) => setTimeout(res, 250));
	}
}

/** REST as the owner: resolves to the body's `data` (or the body), throws on an HTTP error. */
function restClient(srv) {
	const call = async (method, p, body) => {
		const r = await srv.rest(method, p, body);
		if (r.status >= 400) throw new Error(`${method} ${p}: ${r.status} ${r.text.slice(0, 500)}`);
		return r.json && typeof r.json === 'object' && 'data' in r.json ? r.json.data : r.json;
	};
	return {
		get: (p) => call('GET', p),
		post: (p, body = {}) => call('POST', p, body),
		/** Creates the credentials, then the workflows (their credential references pointed at the new ids), and publishes them. */
		async setup(credentials, workflows) {
			const ids = {};
			for (const c of credentials)
				ids[c.id] = (
					await call('POST', '/rest/credentials', { name: c.name, type: c.type, data: c.data })
				).id;
			for (const w of workflows) {
				const text = Object.entries(ids).reduce(
					(t, [from, to]) => t.split(JSON.stringify(from)).join(JSON.stringify(to)),
					JSON.stringify(w),
				);
				const { active, ...body } = JSON.parse(text);
				const created = await call('POST', '/rest/workflows', body);
				if (active)
					await call('POST', `/rest/workflows/${w.id}/activate`, { versionId: created.versionId });
			}
			const paths = workflows
				.filter((w) => w.active)
				.flatMap((w) => w.nodes.filter((n) => n.type === WEBHOOK).map((n) => n.parameters.path));
			await Promise.all(paths.map((p) => webhookRegistered(srv, p)));
		},
	};
}

module.exports = { startMain, startWorker, logLines, workerJobs, restClient, webhookRegistered };
