// Every suite: no real network, quiet n8n logs, n8n's instance folder in a temp dir.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wanx-test-'));
require('reflect-metadata');
