'use strict';
// Messages from bench-sink nodes to the benchmark running Node-RED in the same process.
const { EventEmitter } = require('node:events');

const bus = new EventEmitter();
bus.setMaxListeners(0);
module.exports = bus;
