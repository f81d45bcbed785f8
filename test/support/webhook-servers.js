'use strict';
// The vicidial-webhook node behind two compositions of Node-RED's HTTP apps, over loopback:
// `viaAdmin` as Node-RED serves it by default (the admin app, with its JSON and form body
// parsers, in front of the HTTP node app, both at /), and `direct` with the admin app
// moved to /admin, so the node reads bodies itself. A request must end the same on both.
const http = require('node:http');
const express = require('express');
const helper = require('node-red-node-test-helper');
const webhookModule = require('../../nodes/vicidial-webhook.js');

helper.init(require.resolve('node-red'));

/** Starts both servers for one webhook node `props` (id w1, wired to helper h1). */
async function startWebhookServers(props, { credentials, settings = {} } = {}) {
  let RED;
  const capture = (red) => {
    RED = red;
    return webhookModule(red);
  };
  helper.settings({ httpNodeRoot: '/', ...settings });
  const flow = [
    { id: 'w1', type: 'vicidial-webhook', name: 'hook', path: '/hook', wires: [['h1']], ...props },
    { id: 'h1', type: 'helper' },
  ];
  await helper.load([capture], flow, credentials ? { w1: credentials } : {});
  const viaAdmin = express();
  viaAdmin.use('/', RED.httpAdmin);
  viaAdmin.use('/', RED.httpNode);
  const direct = express();
  direct.use('/admin', RED.httpAdmin);
  direct.use('/', RED.httpNode);
  const servers = [http.createServer(viaAdmin), http.createServer(direct)];
  await Promise.all(servers.map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
  const [a, d] = servers.map((s) => `http://127.0.0.1:${s.address().port}`);
  const messages = [];
  helper.getNode('h1').on('input', (msg) => messages.push(msg));
  const stop = async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await helper.unload();
    helper.settings({});
  };
  return { viaAdmin: a, direct: d, messages, node: helper.getNode('w1'), stop };
}

/**
 * One raw HTTP request: `body` is sent with a Content-Length unless `chunked`.
 * Resolves with status, headers and body text.
 */
function request(base, { method = 'GET', path = '/hook', headers = {}, body, chunked = false }) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined && !chunked) req.setHeader('content-length', Buffer.byteLength(body));
    if (body !== undefined && chunked) {
      // Two writes, so the body really arrives in chunks.
      const buf = Buffer.from(body);
      req.write(buf.subarray(0, buf.length >> 1));
      req.end(buf.subarray(buf.length >> 1));
    } else {
      req.end(body);
    }
  });
}

/** Waits until `list` holds `count` items (or `ms` passed); returns whether it did. */
async function until(list, count, ms = 2000) {
  const deadline = Date.now() + ms;
  while (list.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  return list.length >= count;
}

module.exports = { startWebhookServers, request, until };
