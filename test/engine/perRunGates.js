'use strict';
/**
 * Test- and benchmark-only, kept out of the published node: the former behaviour, in which every
 * node run had rate gates of its own and no running-task slot gate (the baseline the benchmarks
 * compare the account-wide gates with). It replaces the built client's `account` method: each
 * client (one per node run) gets its own gates, under the account's real fingerprint.
 */
const { AccountGates } = require('../../dist/nodes/Wanx/transport/account');
const { DashScopeClient } = require('../../dist/nodes/Wanx/transport/client');

const sharedAccount = DashScopeClient.prototype.account;
const ownByRun = new WeakMap();

async function ownAccount(itemIndex) {
	const shared = await sharedAccount.call(this, itemIndex);
	let gates = ownByRun.get(this);
	if (!gates) {
		gates = new AccountGates(shared.fingerprint, 0);
		ownByRun.set(this, gates);
	}
	return gates;
}

/** On: each node run gets gates of its own; off: the account-wide gates again. */
function usePerRunGates(on) {
	DashScopeClient.prototype.account = on ? ownAccount : sharedAccount;
}

module.exports = { usePerRunGates };
