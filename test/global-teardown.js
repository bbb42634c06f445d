'use strict';
module.exports = require('./tmp-root').globalTeardown;
