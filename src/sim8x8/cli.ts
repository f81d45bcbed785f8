#!/usr/bin/env node
/**
 * `npm run sim8x8 -- [--port N] [--host H] [--tenant T] [--token K] [--tz Zone]`: runs the
 * 8x8 statistics simulator until stopped.
 */
import { startSimulator8x8 } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const sim = await startSimulator8x8({
    port: Number(arg('port') ?? process.env.E8X8_SIM_PORT ?? 8090),
    host: arg('host') ?? '127.0.0.1',
    tenant: arg('tenant'),
    token: arg('token'),
    tz: arg('tz'),
  });
  process.stdout.write(`8x8 statistics simulator listening on ${sim.url}\n`);
  process.stdout.write(`  Base URL: ${sim.baseUrl} (e.g. ${sim.baseUrl}/queues.json)\n`);
  process.stdout.write(`  Tenant ${sim.tenant}; the token is in the README (or the one given with --token).\n`);
  const stop = (): void => {
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`8x8 simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
