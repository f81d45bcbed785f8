'use strict';
// A hostile peer on loopback: a proxy in front of the simulator that, request by request
// (chosen by a seeded generator), answers normally or with one of the faults a real network,
// proxy or overloaded server produces. Faults that happen after the request reached the
// simulator forward it first, so writes really happen there and duplicates can be counted.
const http = require('node:http');

/** A small deterministic generator (mulberry32): the same seed gives the same faults. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS = ['pass', 'hang', 'reset', 'closeBeforeHeaders', 'empty500', 'truncated', 'garbage', 'huge', 'slow'];

/**
 * Starts the proxy. `weights` maps fault names to relative weights; the first `passFirst`
 * requests always pass. `hugeBytes` is the size of a huge answer.
 */
async function startFaultServer(targetUrl, { seed = 1, weights = { pass: 1 }, passFirst = 0, hugeBytes = 2 * 1024 * 1024 } = {}) {
  const random = seeded(seed);
  const target = new URL(targetUrl);
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0]));
  const sockets = new Set();
  const timers = new Set();
  let served = 0;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const pick = () => {
    if (served++ < passFirst) return 'pass';
    let r = random() * total;
    for (const [name, w] of Object.entries(weights)) {
      if ((r -= w) < 0) return name;
    }
    return 'pass';
  };
  const later = (ms, fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** Sends the request on to the simulator and resolves with its answer. */
  const forward = (req, body) =>
    new Promise((resolve, reject) => {
      const out = http.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, connection: 'close' }, agent: false },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const fault = pick();
      counts[fault]++;
      const socket = req.socket;
      try {
        if (fault === 'empty500') {
          res.statusCode = 500;
          return res.end();
        }
        if (fault === 'garbage') {
          await forward(req, Buffer.concat(chunks));
          const junk = Buffer.from(Array.from({ length: 64 }, () => 32 + Math.floor(random() * 90)));
          return res.end(Buffer.concat([junk, Buffer.from('\n')]));
        }
        const answer = await forward(req, Buffer.concat(chunks));
        switch (fault) {
          case 'hang':
            return undefined; // the simulator did the work; its answer never comes
          case 'closeBeforeHeaders':
            return socket.destroy();
          case 'reset':
            res.writeHead(200, { 'content-type': 'text/html', 'content-length': answer.body.length });
            res.write(answer.body.subarray(0, Math.max(1, answer.body.length >> 1)));
            return later(5, () => socket.destroy());
          case 'truncated': {
            // Delimited by closing the connection, so only the missing newline tells.
            const cut = answer.body.subarray(0, Math.max(1, answer.body.length - 1 - Math.floor(answer.body.length / 3)));
            socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n`);
            socket.write(cut);
            return socket.end();
          }
          case 'huge': {
            res.writeHead(200, { 'content-type': 'text/html' });
            const chunk = Buffer.alloc(64 * 1024, 'x');
            let sent = 0;
            const pump = () => {
              while (sent < hugeBytes && !res.destroyed) {
                sent += chunk.length;
                if (!res.write(chunk)) return res.once('drain', pump);
              }
              if (!res.destroyed) res.end('\n');
            };
            res.on('error', () => {});
            return pump();
          }
          case 'slow': {
            res.writeHead(answer.status, { 'content-type': 'text/html', 'content-length': answer.body.length });
            const step = Math.ceil(answer.body.length / 4);
            const drip = (at) => {
              if (res.destroyed) return;
              if (at >= answer.body.length) return res.end();
              res.write(answer.body.subarray(at, at + step));
              later(30, () => drip(at + step));
            };
            return drip(0);
          }
          default:
            res.writeHead(answer.status, { 'content-type': answer.headers['content-type'] ?? 'text/html' });
            return res.end(answer.body);
        }
      } catch {
        socket.destroy();
        return undefined;
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    /** Connections the proxy still holds. */
    get openSockets() {
      return sockets.size;
    },
    close: () =>
      new Promise((r) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

module.exports = { startFaultServer, seeded, FAULTS };
