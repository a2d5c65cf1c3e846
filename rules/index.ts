// The rule registry: every rule, in ID order. The README table and `synaml rules` are generated from it.
import type { Rule } from '../src/engine/types.js';
import SA001 from './SA001-exfiltration-protection-blocks-aml.js';
import SA002 from './SA002-self-hosted-runtime-unsupported.js';
import SA003 from './SA003-mlflow-auth-unsupported-on-runtime.js';
import SA004 from './SA004-linked-service-identity-needs-contributor.js';
import SA005 from './SA005-linking-needs-owner.js';
import SA006 from './SA006-aml-link-identity-needs-spark-admin.js';
import SA007 from './SA007-storage-blob-data-contributor.js';
import SA008 from './SA008-managed-private-endpoint-approved.js';
import SA009 from './SA009-unapproved-private-endpoint.js';
import SA010 from './SA010-aml-dependencies-private.js';
import SA011 from './SA011-private-aml-needs-managed-vnet.js';
import SA012 from './SA012-sdk-v1-link-deprecated.js';
import SA013 from './SA013-spark-runtime-end-of-support.js';
import SA014 from './SA014-service-principal-secret-in-key-vault.js';
import SA015 from './SA015-service-principal-id-is-guid.js';
import SA016 from './SA016-declared-resource-exists.js';
import SA017 from './SA017-attached-pool-target-exists.js';
import SA018 from './SA018-attached-pool-identity-synapse-role.js';
import SA019 from './SA019-attached-pool-has-identity.js';
import SA020 from './SA020-attached-pool-needs-public-network.js';
import SA021 from './SA021-serverless-spark-managed-network.js';
import SA100 from './SA100-desired-state-drift.js';
import SA101 from './SA101-unexpected-privileged-access.js';
import SA102 from './SA102-missing-required-access.js';
import SA103 from './SA103-policy-conflict.js';

export const rules: readonly Rule[] = [
  SA001, SA002, SA003, SA004, SA005, SA006, SA007, SA008,
  SA009, SA010, SA011, SA012, SA013, SA014, SA015, SA016,
  SA017, SA018, SA019, SA020, SA021, SA100, SA101, SA102, SA103,
];

/** Rule IDs, for the spec loader's waiver check. */
export const ruleIds: readonly string[] = rules.map((r) => r.meta.id);
