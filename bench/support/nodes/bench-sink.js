'use strict';
// A node that hands every message it receives to the benchmark (through the shared bus).
const bus = require('../bus');

module.exports = function register(RED) {
  function BenchSink(config) {
    RED.nodes.createNode(this, config);
    this.on('input', (msg, _send, done) => {
      bus.emit(config.name, msg);
      done();
    });
  }
  RED.nodes.registerType('bench-sink', BenchSink);
};
