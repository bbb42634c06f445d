'use strict';
module.exports = require('./tmp-root').globalSetup;
