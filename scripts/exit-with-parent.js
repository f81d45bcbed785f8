'use strict';
// Required by the main job (scripts/start.js) and preloaded into the Node-RED it starts
// (`node --require`): when the process that started this one goes away, whatever way it
// ended (a test runner aborting, a SIGKILL, a closed terminal), this process stops too
// instead of living on with its ports. Graceful first (SIGINT, as Ctrl+C), forced later.
const parent = process.ppid;
const GRACE_MS = 10000;

const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  setTimeout(() => process.exit(1), GRACE_MS).unref();
  process.kill(process.pid, 'SIGINT');
}, 500);
watch.unref();
