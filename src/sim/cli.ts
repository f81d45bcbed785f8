#!/usr/bin/env node
/**
 * `vicidial-sim [--port N] [--host H] [--seed file.json]`: runs the simulator until stopped.
 */
import fs from 'node:fs';
import { startSimulator } from './server';
import type { Seed } from './seed';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const seedFile = arg('seed');
  const seed: Seed = seedFile ? (JSON.parse(fs.readFileSync(seedFile, 'utf8')) as Seed) : {};
  const sim = await startSimulator({ port: Number(arg('port') ?? process.env.VICIDIAL_SIM_PORT ?? 8089), host: arg('host') ?? '127.0.0.1', seed });
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
