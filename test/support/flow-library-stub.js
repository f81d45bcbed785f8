'use strict';
// Preloaded (`node --require`) into `node-red-dev validate` by test/package.test.js. The
// scorecard's catalogue lookup (rules P08 and N01) fetches the Flow Library's catalogue over
// the internet; this answers that one request from the JSON file named by
// VICIDIAL_FLOW_CATALOGUE, so every rule runs offline except the two that ask the npm
// registry about Node-RED's current versions (P06, P07), which CI can reach.
const fs = require('node:fs');
const path = require('node:path');

const devDir = path.dirname(require.resolve('node-red-dev/package.json'));
const axios = require(require.resolve('axios', { paths: [devDir] }));
const catalogue = JSON.parse(fs.readFileSync(process.env.VICIDIAL_FLOW_CATALOGUE, 'utf8'));

axios.interceptors.request.use((config) => {
  if (!/^https:\/\/catalogue\.nodered\.org\//.test(config.url)) return config;
  return { ...config, adapter: () => Promise.resolve({ data: catalogue, status: 200, statusText: 'OK', headers: {}, config }) };
});
