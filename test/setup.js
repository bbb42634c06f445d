// Every suite: no real network, quiet n8n logs, n8n's instance folder in the run's temp folder.
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_USER_FOLDER ??= require('./tmp-root').userFolder();
require('reflect-metadata');
