'use strict';
// n8n loads the package through the "n8n" field of package.json; this entry point lets code
// (and people) require the classes directly.
module.exports = {
	Wanx: require('./dist/nodes/Wanx/Wanx.node.js').Wanx,
	DashScopeApi: require('./dist/credentials/DashScopeApi.credentials.js').DashScopeApi,
};
