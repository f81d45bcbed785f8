/**
 * Config node: one 8x8 Contact Center tenant (login URL, tenant name, data request
 * token). Owns the client, and so the one-request-at-a-time limit, that every 8x8 node
 * of the tenant shares.
 */
import { E8x8Client, testTenant } from './core/e8x8/client';
import { RESOURCES, ENUMS } from './core/e8x8/catalog';
import { E8X8_SHAPES } from './core/e8x8/shape';
import { DATE_RANGES } from './core/e8x8/dates';
import type { NodeAPI } from './core/node-red-types';
import { tenantConfig, type TenantCredentials, type TenantDef, type TenantNode } from './core/e8x8/tenant-config';

export = function register(RED: NodeAPI): void {
  function E8x8TenantNode(this: TenantNode, def: TenantDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    node.name = def.name;
    let client: E8x8Client | undefined;

    node.getClient = () => {
      if (!client) client = new E8x8Client(tenantConfig(def, node.credentials ?? {}));
      return client;
    };

    node.on('close', (_removed: boolean, done: () => void) => {
      client?.close();
      client = undefined;
      done();
    });
  }

  RED.nodes.registerType('e8x8-tenant', E8x8TenantNode, {
    credentials: { tenant: { type: 'text' }, token: { type: 'password' } },
  });

  // The dialog sends what the user typed; a token left as the placeholder means "the stored one".
  RED.httpAdmin.post('/e8x8-tenant/test', RED.auth.needsPermission('e8x8-tenant.write'), (req, res) => {
    const body = (req.body ?? {}) as TenantDef & { id?: string; tenant?: string; token?: string };
    const stored = body.id ? (RED.nodes.getNode(body.id) as TenantNode | null) : null;
    const storedCreds: TenantCredentials = stored?.credentials ?? {};
    const typed = body.token && body.token !== '__PWRD__' ? body.token : undefined;
    const creds: TenantCredentials = { tenant: body.tenant || storedCreds.tenant, token: typed ?? storedCreds.token };
    testTenant(tenantConfig(body, creds)).then(
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

  // The resource catalog as data for the statistics node's dialog.
  RED.httpAdmin.get('/e8x8/catalog', RED.auth.needsPermission('e8x8-stats.read'), (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ resources: RESOURCES, enums: ENUMS, shapes: E8X8_SHAPES, ranges: DATE_RANGES }));
  });
};
