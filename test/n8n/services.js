'use strict';
/**
 * The real back-ends n8n's queue mode needs, started by the tests themselves from Debian's packages
 * (installed by ./debian.js): Redis for the job queue and PostgreSQL for the shared database. Each
 * runs on a free 127.0.0.1 port with its data in a temp folder, nothing persisted, and is stopped
 * by the `stop()` of the object the start function resolves to.
 *
 *   const redis = await startRedis();        // { host, port, dir, stop() }
 *   const pg = await startPostgres();        // { host, port, user, database, dir, stop() }
 *
 * PostgreSQL refuses to run as root: as root, initdb and postgres run as Debian's `postgres` user
 * (runuser), and the data folder is handed to that user.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort, tmpDir, mustRun } = require('./run');
const { postgresBin, missingCommands } = require('./debian');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Spawns a server and resolves once a line of its output matches `ready`. */
function spawnUntil(cmd, args, { ready, timeoutMs = 60000, name, cwd }) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let done = false;
		const finish = (err) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			if (err) {
				child.kill('SIGKILL');
				reject(new Error(`${name}: ${err}\n${out.slice(-3000)}`));
			} else resolve(child);
		};
		const onData = (c) => {
			out += c;
			if (out.length > 100000) out = out.slice(-50000);
			if (ready.test(out)) finish();
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', (e) => finish(e.message));
		child.on('exit', (code, signal) => finish(`exited (${code ?? signal}) before it was ready`));
		const timer = setTimeout(() => finish(`not ready within ${timeoutMs / 1000} s`), timeoutMs);
		child.output = () => out;
	});
}

/** Stops a child with a signal, SIGKILL after `graceMs`; resolves when it has exited. */
async function stopChild(child, signal = 'SIGTERM', graceMs = 10000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill(signal);
	const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(t);
}

/** Redis without persistence (`--save '' --appendonly no`), on 127.0.0.1 and a free port. */
async function startRedis() {
	const missing = missingCommands(['redis-server']);
	if (missing) throw new Error(missing);
	const dir = tmpDir('wanx-redis-');
	const port = await freePort();
	const child = await spawnUntil(
		'/usr/bin/redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'no',
		],
		{ ready: /Ready to accept connections/, name: 'redis-server', cwd: dir },
	);
	return {
		host: '127.0.0.1',
		port,
		dir,
		child,
		async stop() {
			await stopChild(child);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function asPostgres(bin, args) {
	return isRoot() ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * PostgreSQL runs as its own user, which must reach its folder: the folders above it (the test run's
 * temp folder is private to root) get search permission for others, never read permission.
 */
function letOthersThrough(dir) {
	for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
		const mode = fs.statSync(d).mode & 0o7777;
		if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o011);
	}
}

/**
 * A throw-away PostgreSQL cluster: initdb into a temp folder (trust auth, fsync off), `postgres`
 * on 127.0.0.1 and a free port, its socket in the same folder. The database is `postgres`.
 */
async function startPostgres() {
	const missing = missingCommands(['postgresql']);
	if (missing) throw new Error(missing);
	const bin = path.dirname(postgresBin());
	const dir = tmpDir('wanx-postgres-');
	const data = path.join(dir, 'data');
	if (isRoot()) {
		await mustRun('chown', ['postgres:postgres', dir]);
		letOthersThrough(dir);
	}
	const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	await mustRun(initCmd, initArgs, { cwd: dir });
	const port = await freePort();
	const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	]);
	const child = await spawnUntil(cmd, args, {
		ready: /ready to accept connections/,
		name: 'postgres',
		cwd: dir,
	});
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database: 'postgres',
		dir,
		child,
		async stop() {
			// SIGINT is PostgreSQL's "fast shutdown", sent to the postmaster itself (runuser, its parent
			// when we are root, does not pass SIGINT on).
			const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
			try {
				const pid = Number(
					fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0],
				);
				if (pid > 0) process.kill(pid, 'SIGINT');
			} catch {}
			await Promise.race([exited, new Promise((r) => setTimeout(r, 10000).unref())]);
			await stopChild(child, 'SIGKILL', 1000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** n8n's environment for a PostgreSQL database (DB_TYPE=postgresdb). */
function postgresEnv(pg) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: pg.database,
	};
}

module.exports = { startRedis, startPostgres, postgresEnv, stopChild, spawnUntil };
