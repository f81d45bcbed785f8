/**
 * Config node: one VICIdial server and its API user. Owns the client (and so the
 * connection pool and the concurrency limit) that every node using it shares.
 */
import { VicidialClient } from './core/client';
import { CATALOG } from './core/catalog';
import type { NodeAPI } from './core/node-red-types';
import { guardsFor, type GlobalContext } from './core/guard-context';
import { clientConfig, testConnection, type ServerCredentials, type ServerDef, type ServerNode } from './core/server-config';

export = function register(RED: NodeAPI): void {
  function VicidialServerNode(this: ServerNode, def: ServerDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    node.name = def.name;
    let client: VicidialClient | undefined;

    node.getClient = () => {
      if (!client) {
        const guards = guardsFor(String(def.guardStore ?? ''), () => (node as unknown as { context(): { global: GlobalContext } }).context().global);
        client = new VicidialClient({ ...clientConfig(def, node.credentials ?? {}), guards });
      }
      return client;
    };

    node.on('close', (_removed: boolean, done: () => void) => {
      client?.close();
      client = undefined;
      done();
    });
  }

  RED.nodes.registerType('vicidial-server', VicidialServerNode, {
    credentials: { user: { type: 'text' }, password: { type: 'password' } },
  });

  // The dialog sends what the user typed; a password left as the placeholder means "the stored one".
  RED.httpAdmin.post('/vicidial-server/test', RED.auth.needsPermission('vicidial-server.write'), (req, res) => {
    const body = (req.body ?? {}) as ServerDef & { id?: string; user?: string; password?: string };
    const stored = body.id ? (RED.nodes.getNode(body.id) as ServerNode | null) : null;
    const storedCreds: ServerCredentials = stored?.credentials ?? {};
    const typed = body.password && body.password !== '__PWRD__' ? body.password : undefined;
    const creds: ServerCredentials = {
      user: body.user || storedCreds.user,
      password: typed ?? storedCreds.password,
    };
    testConnection(clientConfig(body, creds)).then(
      (result) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(result));
      },
      () => {
        res.statusCode = 500;
        res.end(JSON.stringify({ ok: false, message: 'connection test failed' }));
      },
    );
  });

  // The catalog as data for the editor (the generic node's function list and parameter table).
  RED.httpAdmin.get('/vicidial/catalog', RED.auth.needsPermission('vicidial-api.read'), (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(CATALOG));
  });
};
