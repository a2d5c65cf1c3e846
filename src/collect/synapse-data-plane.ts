// The Synapse data plane of each workspace (its `connectivityEndpoints.dev`): linked services, managed private
// endpoints and Synapse RBAC role assignments. A workspace whose endpoint cannot be reached or that refuses the
// identity gets errors for its own lists only; the other workspaces are still read. Secrets are masked before a
// linked service enters the snapshot.
import { lastSegment } from '../azure/ids.js';
import type { RawPayload, SnapshotError, SynapseDataPlaneData } from '../estate/snapshot.js';
import { readPagedList, sortByName } from './arm.js';
import type { CollectContext } from './context.js';
import { ReadError, isNetworkFailure, toSnapshotError } from './read-errors.js';
import { maskSecrets } from './secrets.js';

export const DATA_PLANE_API_VERSION = '2020-12-01';
const MAX_PAGES = 1000;

export interface DataPlaneTarget {
  /** The Synapse workspace's ARM ID. */
  id: string;
  /** Its Resource Graph row, when Resource Graph returned one. */
  row?: RawPayload;
  /** Its linked services, already read (`readLinkedServices`, by discovery): not read again. */
  linkedServices?: LinkedServicesRead;
}

/** The linked services of one workspace, masked, or why they could not be read. */
export type LinkedServicesRead = { items: RawPayload[] } | { error: unknown };

/** Reads a workspace's linked services (secrets masked); never throws. */
export async function readLinkedServices(ctx: CollectContext, target: DataPlaneTarget): Promise<LinkedServicesRead> {
  try {
    return await listLinkedServices(ctx, dataPlaneBase(ctx, target));
  } catch (error) {
    return { error };
  }
}

/** The linked services at a data-plane base URL, masked; never throws. */
async function listLinkedServices(ctx: CollectContext, base: string): Promise<LinkedServicesRead> {
  try {
    const items = await ctx.limit(() => readPagedList(ctx.transport.synapse, `${base}/linkedservices?api-version=${DATA_PLANE_API_VERSION}`));
    return { items: sortByName(items.map(maskSecrets)) };
  } catch (error) {
    return { error };
  }
}

function props(row: RawPayload | undefined): Record<string, unknown> {
  const p = row?.['properties'];
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/**
 * The workspace's data-plane base URL: `properties.connectivityEndpoints.dev` as Resource Graph returned it (set by
 * the Synapse resource provider), else `https://<name>.<cloud suffix>`. It must be https: a Synapse token is never
 * sent in clear.
 */
export function dataPlaneBase(ctx: CollectContext, target: DataPlaneTarget): string {
  const dev = props(target.row)['connectivityEndpoints'];
  const advertised = dev !== null && typeof dev === 'object' ? (dev as Record<string, unknown>)['dev'] : undefined;
  const raw = typeof advertised === 'string' && advertised.trim() !== '' ? advertised.trim() : `https://${lastSegment(target.id).toLowerCase()}.${ctx.synapseSuffix}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ReadError(`the workspace's data-plane endpoint "${raw}" is not a URL`, 'InvalidEndpoint');
  }
  if (url.protocol !== 'https:') throw new ReadError(`the workspace's data-plane endpoint ${url.origin} is not https; synaml sends tokens only over TLS`, 'InsecureEndpoint');
  if (url.username || url.password || url.search || url.hash) throw new ReadError(`the workspace's data-plane endpoint ${url.origin} is not a plain base URL`, 'InvalidEndpoint');
  // The Synapse token goes only to this cloud's Synapse data-plane hosts (or to the Resource Manager host given with
  // --arm-endpoint, for a private cloud or a test double): never to whatever host a row names.
  const host = url.hostname.toLowerCase();
  const suffix = ctx.synapseSuffix.toLowerCase();
  if (host !== suffix && !host.endsWith(`.${suffix}`) && host !== new URL(ctx.armEndpoint).hostname.toLowerCase()) {
    throw new ReadError(
      `the workspace's data-plane endpoint ${url.origin} is not a Synapse data-plane host of this cloud (*.${suffix}); synaml sends the Synapse token only there`,
      'UntrustedEndpoint',
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** `GET /roleAssignments`: pages by the `x-ms-continuation` response header, sent back as a request header. */
async function readRoleAssignments(ctx: CollectContext, base: string): Promise<RawPayload[]> {
  const url = `${base}/roleAssignments?api-version=${DATA_PLANE_API_VERSION}`;
  const items: RawPayload[] = [];
  const seen = new Set<string>();
  let continuation: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new ReadError(`role assignments kept paging past ${MAX_PAGES} pages`, 'TooManyPages');
    const { body, headers } = await ctx.transport.synapse.get(url, continuation ? { 'x-ms-continuation': continuation } : {});
    const value = body['value'];
    if (!Array.isArray(value)) throw new ReadError('the answer is not a list (no "value" array)', 'MalformedResponse');
    items.push(...value.filter((v): v is RawPayload => v !== null && typeof v === 'object' && !Array.isArray(v)));
    const next = headers.get('x-ms-continuation')?.trim();
    if (!next) break;
    if (seen.has(next)) throw new ReadError('the x-ms-continuation token repeats: paging would never end', 'RepeatedContinuation');
    seen.add(next);
    continuation = next;
  }
  return items;
}

function sortAssignments(items: RawPayload[]): RawPayload[] {
  const key = (i: RawPayload) => [i['id'], i['roleDefinitionId'], i['principalId'], i['scope']].map((v) => String(v ?? '').toLowerCase()).join('\u0000');
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** True when Resource Graph says the workspace has no managed virtual network (then it has no managed private endpoints). */
function hasNoManagedVnet(row: RawPayload | undefined): boolean {
  if (!row) return false;
  const vnet = props(row)['managedVirtualNetwork'];
  return !(typeof vnet === 'string' && vnet.toLowerCase() === 'default');
}

export interface DataPlaneResult {
  data: SynapseDataPlaneData;
  errors: SnapshotError[];
}

/** Reads the three lists of one workspace. */
export async function collectDataPlane(ctx: CollectContext, target: DataPlaneTarget): Promise<DataPlaneResult> {
  const data: SynapseDataPlaneData = {};
  const errors: SnapshotError[] = [];
  const sources = ['synapse.linkedServices', 'synapse.managedPrivateEndpoints', 'synapse.roleAssignments'] as const;
  const step = (what: string) => ctx.progress.step('synapse', `${lastSegment(target.id)}: ${what}`);

  let base: string;
  try {
    base = dataPlaneBase(ctx, target);
  } catch (error) {
    for (const source of sources) {
      errors.push(toSnapshotError(error, { source, scope: target.id }));
      step(source);
    }
    return { data, errors };
  }
  const fail = (source: (typeof sources)[number], error: unknown) => errors.push(toSnapshotError(error, { source, scope: target.id, endpoint: base }));

  // Linked services first: when the endpoint is unreachable (DNS, firewall, private link) the other lists would
  // fail the same way after the same retries, so they are recorded with the same cause without being tried.
  const linkedServices = target.linkedServices ?? (await listLinkedServices(ctx, base));
  if ('items' in linkedServices) data.linkedServices = linkedServices.items;
  else {
    const { error } = linkedServices;
    if (isNetworkFailure(error) || ctx.deadline.exceeded) {
      for (const source of sources) fail(source, error);
      sources.forEach((s) => step(s));
      return { data, errors };
    }
    fail('synapse.linkedServices', error);
  }
  step('linked services');

  await Promise.all([
    (async () => {
      if (hasNoManagedVnet(target.row)) {
        data.managedPrivateEndpoints = [];
      } else {
        try {
          const url = `${base}/managedVirtualNetworks/default/managedPrivateEndpoints?api-version=${DATA_PLANE_API_VERSION}`;
          data.managedPrivateEndpoints = sortByName(await ctx.limit(() => readPagedList(ctx.transport.synapse, url)));
        } catch (error) {
          // No managed virtual network named `default`: the workspace has no managed private endpoints.
          if (error instanceof ReadError && error.status === 404 && /managedvirtualnetwork/i.test(`${error.code} ${error.message}`)) {
            data.managedPrivateEndpoints = [];
          } else {
            fail('synapse.managedPrivateEndpoints', error);
          }
        }
      }
      step('managed private endpoints');
    })(),
    (async () => {
      try {
        data.roleAssignments = sortAssignments(await ctx.limit(() => readRoleAssignments(ctx, base)));
      } catch (error) {
        fail('synapse.roleAssignments', error);
      }
      step('role assignments');
    })(),
  ]);
  return { data, errors };
}
