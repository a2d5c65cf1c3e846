// Role names and GUIDs, and picking a principal's assignments of some roles out of a scope's.
import { describe, expect, it } from 'vitest';
import type { RoleAssignment, SynapseRoleAssignment } from '../../src/estate/model.js';
import { AZURE_ROLES, SYNAPSE_ROLES, assignmentsOf, resolveRole, roleGuidOf, roleNameOf } from '../../src/estate/roles.js';

describe('roles', () => {
  it('resolves built-in names (any case, the data plane\'s Spark name too) and GUIDs', () => {
    expect(resolveRole(' storage blob data CONTRIBUTOR ')).toBe(AZURE_ROLES.storageBlobDataContributor);
    expect(resolveRole('Apache Spark Administrator')).toBe(SYNAPSE_ROLES.sparkAdministrator);
    expect(resolveRole(AZURE_ROLES.owner.guid.toUpperCase())).toBe(AZURE_ROLES.owner);
    expect(resolveRole('0a1b2c3d-0000-4000-8000-000000000000')).toEqual({ name: '0a1b2c3d-0000-4000-8000-000000000000', guid: '0a1b2c3d-0000-4000-8000-000000000000', plane: 'azure' });
    expect(resolveRole('Owners')).toBeUndefined();
    expect(roleNameOf(AZURE_ROLES.reader.guid.toUpperCase())).toBe('Reader');
    expect(roleNameOf('0a1b2c3d-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('takes the GUID from either form of role definition ID', () => {
    expect(roleGuidOf(` /subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.owner.guid.toUpperCase()}/ `)).toBe(AZURE_ROLES.owner.guid);
    expect(roleGuidOf(AZURE_ROLES.owner.guid)).toBe(AZURE_ROLES.owner.guid);
  });

  it('picks the assignments of a principal, compared case-insensitively, with one of the roles, in order', () => {
    const azure = (principalId: string, guid: string, id = `${principalId}-${guid}`): RoleAssignment => ({ id, scope: '/', roleDefinitionGuid: guid, principalId });
    const owner = AZURE_ROLES.owner.guid;
    const reader = AZURE_ROLES.reader.guid;
    const list = [azure('abc', owner, '1'), azure('ABC', reader, '2'), azure('abd', owner, '3'), azure('ab', owner, '4'), azure('abc', owner, '5'), azure('İbc', owner, '6')];
    expect(assignmentsOf(list, 'Abc', [owner.toUpperCase()]).map((a) => a.id)).toEqual(['1', '5']);
    expect(assignmentsOf(list, 'abc', [owner, reader]).map((a) => a.id)).toEqual(['1', '2', '5']);
    // Not ASCII: compared as lower-cased by JavaScript ('İ' lower-cases to two characters).
    expect(assignmentsOf(list, 'İbc'.toLowerCase(), [owner]).map((a) => a.id)).toEqual(['6']);
    const synapse: SynapseRoleAssignment = { id: 's', roleDefinitionId: SYNAPSE_ROLES.administrator.guid.toUpperCase(), principalId: 'ABC', scope: 'workspaces/w' };
    expect(assignmentsOf([synapse], 'abc', [SYNAPSE_ROLES.administrator.guid])).toEqual([synapse]);
  });
});
