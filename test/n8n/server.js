'use strict';
/**
 * A real `n8n start` server for tests and the playground: its own user folder, free ports, owner
 * account from the environment, readiness that is provably this process's, REST calls as the owner.
 *
 *   const { startN8nServer } = require('./server');
 *   const srv = await startN8nServer({ env: { ... } });          // n8n 2.41.1, temp user folder, free port
 *   const r = await srv.rest('GET', '/rest/community-packages');  // logs in as the owner on first use
 *   r.status, r.json (the parsed body), r.text
 *   await srv.stop();                                             // SIGTERM (SIGKILL after 20 s); removes
 *                                                                 // the user folder if it made it
 *
 * The owner comes from n8n's own env settings (N8N_INSTANCE_OWNER_MANAGED_BY_ENV, 2.x) with a
 * bcrypt hash; pass `owner.passwordHash` to keep the hash (and so the browser sessions) stable across
 * restarts. Readiness counts only once /healthz/readiness answers 200 AND the socket listening on the
 * port belongs to the spawned process (checked in /proc where there is one), so another process on
 * the same port can never pass for this one. A busy port is refused before anything starts
 * (PortBusyError). Output goes to <userFolder>/n8n.log (and to the console with `echo: true`).
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');
const { ensureN8n, N8N_V2 } = require('./bootstrap');
const n8n = require('./run');

const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Wanx-test-owner-1',
	firstName: 'Wanx',
	lastName: 'Owner',
};

class PortBusyError extends Error {
	constructor(port) {
		super(`port ${port} is already in use by another process`);
		this.code = 'EADDRINUSE';
		this.port = port;
	}
}

/** True when nothing listens on host:port (binding it succeeds). */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(false));
		srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

/** A port free on every address n8n may bind (loopback and wildcard). */
async function portIsFreeEverywhere(port) {
	return (await portIsFree(port, '127.0.0.1')) && (await portIsFree(port, '0.0.0.0'));
}

/**
 * Pids of the processes owning a LISTEN socket on `port` (Linux /proc; null where /proc is absent).
 * Only processes of this user are visible, which is all this needs: "is it mine?".
 */
function listenerPids(port) {
	const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((f) => fs.existsSync(f));
	if (!tables.length) return null;
	const inodes = new Set();
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	for (const f of tables) {
		for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length > 9 && cols[3] === '0A' && cols[1].endsWith(`:${hexPort}`))
				inodes.add(cols[9]);
		}
	}
	const pids = [];
	for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		let fds;
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			let link;
			try {
				link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
			} catch {
				continue;
			}
			const m = /^socket:\[(\d+)\]$/.exec(link);
			if (m && inodes.has(m[1])) {
				pids.push(Number(pid));
				break;
			}
		}
	}
	return pids;
}

/** bcrypt hash with the bcryptjs that n8n ships (this package has no bcrypt of its own). */
function bcryptHash(install, password) {
	return n8nRequire(install, 'bcryptjs').hashSync(password, 10);
}

/** True when `hash` is a bcrypt hash of `password` (bcryptjs from n8n). */
function bcryptMatches(install, password, hash) {
	try {
		return n8nRequire(install, 'bcryptjs').compareSync(password, hash);
	} catch {
		return false;
	}
}

/** require() a module from the n8n install (e.g. 'flatted', 'bcryptjs'). */
function n8nRequire(install, id) {
	return createRequire(path.join(install.dir, 'node_modules', 'n8n', 'package.json'))(id);
}

/**
 * Waits for `url` to answer 200 while `child` lives; `owned()` (optional) must also hold.
 * Resolves to the response.
 */
async function waitForReady(url, { child, owned = () => true, timeoutMs = 180000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	while (Date.now() < deadline) {
		if (child && (child.exitCode !== null || child.signalCode !== null)) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before ${url} answered`);
		}
		try {
			const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
			last = r.status;
			if (r.status === 200) {
				if (owned()) return r;
				last = '200 from a process that is not ours';
			}
		} catch (e) {
			last = e.cause?.code || e.code || e.message;
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once `exited` (the child's exit) has. */
async function stopChild(child, exited, graceMs) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(t);
}

/** A logged-in owner session: POST /rest/login, as the sign-in page does. */
async function login(base, email, password) {
	const browserId = crypto.randomUUID();
	const r = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: email, email, password }),
	});
	const cookie = r.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	return { status: r.status, body: await r.text(), cookie, browserId };
}

/** One REST call with a session; resolves to { status, text, json } (json undefined if not JSON). */
async function restCall(base, session, method, p, body, { timeoutMs = 120000 } = {}) {
	const headers = { 'browser-id': session.browserId, cookie: session.cookie };
	if (body !== undefined) headers['content-type'] = 'application/json';
	const send = () =>
		fetch(`${base}${p}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
	let r;
	try {
		r = await send();
	} catch (e) {
		// A keep-alive socket the server closed just as it was reused: a GET is safe to send again.
		if (method !== 'GET' || e.name === 'TimeoutError') throw e;
		r = await send();
	}
	const text = await r.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {}
	return { status: r.status, text, json };
}

/**
 * Starts `n8n start`. Options:
 *   version      n8n version (default 2.41.1), installed by bootstrap if needed
 *   userFolder   default: a new temp folder (removed by stop())
 *   port         default: a free port; a busy one throws PortBusyError before anything runs
 *   host         the address n8n listens on (default 127.0.0.1)
 *   publicHost   the host name in URLs shown to a person (default: host)
 *   owner        { email, password, firstName, lastName, passwordHash? }
 *   env          extra environment (wins over the defaults)
 *   echo         also copy n8n's output to this process's stdout
 *   readyTimeoutMs
 * Resolves to { url, base, port, userFolder, logFile, owner, child, install, session(), rest(),
 * logTail(), stop(), seconds }.
 */
async function startN8nServer(opts = {}) {
	const t0 = Date.now();
	const install = opts.install || (await ensureN8n(opts.version || N8N_V2));
	const host = opts.host || '127.0.0.1';
	const port = opts.port ?? (await n8n.freePort());
	if (!(await portIsFreeEverywhere(port))) throw new PortBusyError(port);
	const ownFolder = !opts.userFolder;
	const userFolder = opts.userFolder || n8n.tmpDir('wanx-n8n-server-');
	fs.mkdirSync(userFolder, { recursive: true });
	const owner = { ...DEFAULT_OWNER, ...opts.owner };
	owner.passwordHash ||= bcryptHash(install, owner.password);
	const publicHost = opts.publicHost || host;

	const env = n8n.n8nEnv(install, userFolder, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: host,
		N8N_HOST: publicHost,
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://${publicHost}:${port}/`,
		WEBHOOK_URL: `http://${publicHost}:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(await n8n.freePort()),
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: owner.passwordHash,
		...opts.env,
	});
	const logFile = path.join(userFolder, 'n8n.log');
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	const child = spawn(install.nodeBin, [install.n8nBin, ...(opts.args || ['start'])], {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	for (const s of [child.stdout, child.stderr]) {
		s.on('data', (c) => {
			log.write(c);
			if (opts.echo) process.stdout.write(c);
		});
	}
	const exited = new Promise((r) => child.once('exit', r));

	let stopped;
	const stop = () => {
		stopped ??= (async () => {
			await stopChild(child, exited, 20000);
			await new Promise((r) => log.end(r));
			if (ownFolder && !opts.keepFolder) fs.rmSync(userFolder, { recursive: true, force: true });
		})();
		return stopped;
	};
	const logTail = (n = 4000) =>
		fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-n) : '';

	const base = `http://127.0.0.1:${port}`;
	const owned = () => {
		const pids = listenerPids(port);
		return pids === null || pids.includes(child.pid);
	};
	try {
		await waitForReady(`${base}/healthz/readiness`, {
			child,
			owned,
			timeoutMs: opts.readyTimeoutMs,
		});
	} catch (e) {
		const tail = logTail();
		await stop();
		e.message += `\n--- n8n log (tail) ---\n${tail}`;
		throw e;
	}

	let session;
	const getSession = async ({ fresh = false } = {}) => {
		if (session && !fresh) return session;
		const s = await login(base, owner.email, owner.password);
		if (s.status !== 200)
			throw new Error(`owner login failed: ${s.status} ${s.body.slice(0, 300)}`);
		session = s;
		return s;
	};
	const rest = async (method, p, body, o) => restCall(base, await getSession(), method, p, body, o);

	return {
		url: `http://${publicHost}:${port}`,
		base,
		port,
		userFolder,
		logFile,
		owner,
		child,
		install,
		version: install.version,
		session: getSession,
		rest,
		logTail,
		stop,
		seconds: (Date.now() - t0) / 1000,
	};
}

/**
 * Runs a saved workflow the way the editor's "Execute workflow" does (POST /rest/workflows/:id/run
 * from its trigger), then waits for the execution to finish. Resolves to { status, executionId,
 * execution, data, error } where `data` is the run data (IRunExecutionData, unflattened), `error`
 * its resultData.error; a run the server refuses outright resolves to { status: 'refused', response }.
 */
async function runWorkflow(
	srv,
	workflowId,
	{ trigger = 'Manual Trigger', timeoutMs = 180000 } = {},
) {
	const r = await srv.rest('POST', `/rest/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: trigger },
	});
	const executionId = r.json?.data?.executionId;
	if (r.status !== 200 || !executionId) return { status: 'refused', response: r };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const e = await srv.rest('GET', `/rest/executions/${executionId}`);
		const ex = e.json?.data;
		if (ex && ex.finished !== undefined && !['new', 'running', 'waiting'].includes(ex.status)) {
			const data =
				typeof ex.data === 'string' ? n8nRequire(srv.install, 'flatted').parse(ex.data) : ex.data;
			return {
				status: ex.status,
				executionId,
				execution: ex,
				data,
				error: data?.resultData?.error,
			};
		}
		if (Date.now() > deadline)
			throw new Error(
				`execution ${executionId} did not finish within ${timeoutMs / 1000} s (${e.status} ${e.text.slice(0, 300)})`,
			);
		await new Promise((res) => setTimeout(res, 300));
	}
}

/** The json of a node's output items in run data (first run, output 0 unless told). */
function outputJson(data, nodeName, { run = 0, output = 0 } = {}) {
	const r = data?.resultData?.runData?.[nodeName]?.[run];
	return (r?.data?.main?.[output] || []).map((i) => i.json);
}

module.exports = {
	startN8nServer,
	runWorkflow,
	outputJson,
	PortBusyError,
	portIsFree,
	portIsFreeEverywhere,
	listenerPids,
	waitForReady,
	stopChild,
	login,
	restCall,
	bcryptHash,
	bcryptMatches,
	n8nRequire,
	DEFAULT_OWNER,
};
