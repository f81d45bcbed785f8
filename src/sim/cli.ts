#!/usr/bin/env node
/**
 * `vicidial-sim [--port N] [--host H] [--seed file.json]`: runs the simulator until stopped.
 * `--help` prints the usage and exits without starting anything.
 */
import fs from 'node:fs';
import { startSimulator } from './server';
import type { Seed } from './seed';

const USAGE = `Usage: vicidial-sim [--port N] [--host H] [--seed file.json]

Runs the VICIdial API simulator of node-red-contrib-vicidial until Ctrl+C.
  --port N          port to listen on (default: $VICIDIAL_SIM_PORT or 8089; 0 picks a free one)
  --host H          address to listen on (default: 127.0.0.1)
  --seed file.json  seed data (users, leads, lists, campaigns, DNC, agents …; see the README)
  --help            print this text and exit

From a Node-RED user directory where the pack is installed:  npx vicidial-sim
From anywhere (fetches the pack from npm):  npx --package=node-red-contrib-vicidial vicidial-sim
`;

const OPTIONS = new Set(['--port', '--host', '--seed']);

/** The options given, or a message saying what is wrong with them. */
function parseArgs(argv: string[]): Map<string, string> | string {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!OPTIONS.has(name)) return `unknown option "${name}"`;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return `${name} needs a value`;
    out.set(name.slice(2), value);
  }
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`vicidial-sim: ${args}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const seedFile = args.get('seed');
  const seed: Seed = seedFile ? (JSON.parse(fs.readFileSync(seedFile, 'utf8')) as Seed) : {};
  const port = Number(args.get('port') ?? process.env.VICIDIAL_SIM_PORT ?? 8089);
  const sim = await startSimulator({ port, host: args.get('host') ?? '127.0.0.1', seed });
  process.stdout.write(`VICIdial simulator listening on ${sim.url}\n`);
  process.stdout.write(`  Non-Agent API: ${sim.url}/vicidial/non_agent_api.php\n  Agent API:     ${sim.url}/agc/api.php\n`);
  process.stdout.write(`  API user 6666 / password 1234 (level 9); see the README for the other seeded users.\n`);
  const stop = (): void => {
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`vicidial-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
