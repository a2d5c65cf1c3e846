// Built-in role definitions synaml reasons about, by GUID. Role definition IDs come in two forms
// (`/providers/Microsoft.Authorization/roleDefinitions/<guid>` and `/subscriptions/<s>/providers/...`): compare the
// trailing GUID, case-insensitively.
import { isGuid, lastSegment } from '../azure/ids.js';
import type { RoleAssignment, SynapseRoleAssignment } from './model.js';

export type RolePlane = 'azure' | 'synapse';

export interface KnownRole {
  name: string;
  guid: string;
  plane: RolePlane;
}

/** Azure RBAC built-in roles (docs: "Azure built-in roles"). */
export const AZURE_ROLES = {
  owner: { name: 'Owner', guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', plane: 'azure' },
  contributor: { name: 'Contributor', guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c', plane: 'azure' },
  reader: { name: 'Reader', guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', plane: 'azure' },
  userAccessAdministrator: { name: 'User Access Administrator', guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', plane: 'azure' },
  storageBlobDataContributor: { name: 'Storage Blob Data Contributor', guid: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', plane: 'azure' },
  storageBlobDataOwner: { name: 'Storage Blob Data Owner', guid: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', plane: 'azure' },
  storageBlobDataReader: { name: 'Storage Blob Data Reader', guid: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', plane: 'azure' },
} as const satisfies Record<string, KnownRole>;

/**
 * Synapse RBAC built-in roles (data plane `/roleAssignments`), by GUID as the data plane returns them (it names the
 * Spark role "Apache Spark Administrator"; the docs say "Synapse Apache Spark Administrator": match on GUID).
 * Synapse Administrator's permitted actions are a superset of the Spark administrator's.
 */
export const SYNAPSE_ROLES = {
  administrator: { name: 'Synapse Administrator', guid: '6e4bf58a-b8e1-4cc3-bbf9-d73143322b78', plane: 'synapse' },
  sparkAdministrator: { name: 'Synapse Apache Spark Administrator', guid: 'c3a6d2f1-a26f-4810-9b0f-591308d5cbf1', plane: 'synapse' },
  sqlAdministrator: { name: 'Synapse SQL Administrator', guid: '7af0c69a-a548-47d6-aea3-d00e69bd83aa', plane: 'synapse' },
  contributor: { name: 'Synapse Contributor', guid: '7572bffe-f453-4b66-912a-46cc5ef38fda', plane: 'synapse' },
  artifactPublisher: { name: 'Synapse Artifact Publisher', guid: '05930f57-09a3-4c0d-9fa9-6d1eb91c178b', plane: 'synapse' },
  artifactUser: { name: 'Synapse Artifact User', guid: '53faaa0e-40b6-40c8-a2ff-e38f2d388875', plane: 'synapse' },
  computeOperator: { name: 'Synapse Compute Operator', guid: 'e3844cc7-4670-42cb-9349-9bdac1ee7881', plane: 'synapse' },
  credentialUser: { name: 'Synapse Credential User', guid: '5eb298b4-692c-4241-9cf0-f58a3b42bb25', plane: 'synapse' },
  linkedDataManager: { name: 'Synapse Linked Data Manager', guid: 'dd665582-e433-40ca-b183-1b1b33e73375', plane: 'synapse' },
  user: { name: 'Synapse User', guid: '2a385764-43e8-416c-9825-7b18d05a2c4b', plane: 'synapse' },
} as const satisfies Record<string, KnownRole>;

const ALL_ROLES: KnownRole[] = [...Object.values(AZURE_ROLES), ...Object.values(SYNAPSE_ROLES)];
/** The known roles by lower-case name and by GUID (names and GUIDs are unique, and no name looks like a GUID). */
const ROLES_BY_NAME = new Map<string, KnownRole>([
  ...ALL_ROLES.map((r): [string, KnownRole] => [r.name.toLowerCase(), r]),
  // The data plane's name for it (see SYNAPSE_ROLES).
  ['apache spark administrator', SYNAPSE_ROLES.sparkAdministrator],
]);
const ROLES_BY_GUID = new Map<string, KnownRole>(ALL_ROLES.map((r) => [r.guid, r]));

/** The trailing GUID of a role definition ID (either form), lower-case. */
export function roleGuidOf(roleDefinitionId: string): string {
  return lastSegment(roleDefinitionId.trim()).toLowerCase();
}

/** Resolves a role written in a spec: a built-in name (case-insensitive) or a GUID. */
export function resolveRole(nameOrGuid: string): KnownRole | { name: string; guid: string; plane: 'azure' } | undefined {
  const wanted = nameOrGuid.trim().toLowerCase();
  const known = ROLES_BY_NAME.get(wanted) ?? ROLES_BY_GUID.get(wanted);
  if (known) return known;
  if (isGuid(wanted)) {
    return { name: wanted, guid: wanted, plane: 'azure' };
  }
  return undefined;
}

/** Known role names, for error messages and the schema. */
export function knownRoleNames(): string[] {
  return ALL_ROLES.map((r) => r.name);
}

/** The display name of a role GUID when synaml knows it. */
export function roleNameOf(guid: string): string | undefined {
  return ROLES_BY_GUID.get(guid.toLowerCase())?.name;
}

/**
 * `value.toLowerCase() === lower`, for `lower` already lower-case, without lower-casing `value` when an ASCII
 * character tells them apart (object IDs are ASCII and mostly differ in their first character). ASCII characters
 * lower-case to one ASCII character each, so up to the first other character the positions line up.
 */
function lowerCasesTo(value: string, lower: string): boolean {
  if (value === lower) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) return value.toLowerCase() === lower;
    const folded = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    if (folded !== lower.charCodeAt(i)) return false;
  }
  return value.length === lower.length;
}

/** Assignments held by `principalId` (case-insensitive) whose role is one of `guids`. */
export function assignmentsOf<T extends RoleAssignment | SynapseRoleAssignment>(
  assignments: readonly T[],
  principalId: string,
  guids: readonly string[],
): T[] {
  const who = principalId.toLowerCase();
  const roles = guids.map((g) => g.toLowerCase());
  const held: T[] = [];
  // The principal first: of the many assignments on a scope, few are the principal's.
  for (const a of assignments) {
    if (!lowerCasesTo(a.principalId, who)) continue;
    const guid = 'roleDefinitionGuid' in a ? a.roleDefinitionGuid : roleGuidOf(a.roleDefinitionId);
    if (roles.includes(guid)) held.push(a);
  }
  return held;
}
