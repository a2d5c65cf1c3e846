// Which catalogued built-in policies an Azure Policy assignment applies to a resource, with what effective effect, and
// whether an exemption lifts it. Pure: the estate's policy rows and the audit date in, the facts SA103 judges out.
// The rules of resolution are Azure Policy's as documented ("Azure Policy assignment structure", "Azure Policy
// exemption structure", "Azure Policy initiative definition structure"):
// - an effect parameter's value comes from the assignment, else (for an initiative member whose value is an
//   expression over the initiative's parameters) the initiative's default, else the definition's defaultValue;
// - `overrides` of kind policyEffect replace it for the members (policyDefinitionReferenceId) and locations
//   (resourceLocation) they select; the first override that selects the member wins (they are evaluated in order);
// - `notScopes` exclude child scopes; `resourceSelectors` narrow the resources evaluated (any selector whose every
//   condition holds); a kind synaml cannot judge makes the assignment's applicability unknown, never a pass;
// - an exemption of the assignment at or above the resource, Waiver or Mitigated (compared case-insensitively), for
//   every member or for the member's reference ID, is honoured until `expiresOn`.
import { normaliseId, sameId, scopeCovers } from '../azure/ids.js';
import { cataloguedPolicy, type CataloguedPolicy } from '../azure/policy-catalogue.js';
import type { PolicyAssignment, PolicyExemption, PolicyState } from '../estate/model.js';

/** The resource an assignment is judged against. */
export interface PolicyTarget {
  id: string;
  /** Lower-case resource type. */
  type: string;
  /** Azure location as ARG returns it (`westeurope`, `West Europe`); undefined when unknown. */
  location?: string;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; why: string };

export interface PolicyHit {
  assignment: PolicyAssignment;
  policy: CataloguedPolicy;
  /** The member's policyDefinitionReferenceId, when the assignment is an initiative. */
  referenceId?: string;
  /** The initiative's display name or ID, when the assignment is an initiative. */
  initiative?: string;
  /** The effective effect and where it came from (`assignment parameter "effect"`, `override`, ...). */
  effect: Resolved<{ value: string; from: string }>;
  /** Whether the assignment applies to the resource: notScopes and resource selectors. */
  applies: Resolved<true | { excludedBy: string }>;
  /** The exemption that lifts it on the audit date, if any. */
  exemption?: PolicyExemption;
  /** Exemptions that would have lifted it but expired before the audit date. */
  expired: PolicyExemption[];
}

/** An initiative that an assignment names but Resource Graph did not return: its members cannot be known. */
export interface UnreadInitiative {
  assignment: PolicyAssignment;
  initiativeId: string;
}

const PARAMETER = /^\[\[?parameters\(\s*'([^']+)'\s*\)\]$/i;

/** The parameter an ARM expression `[parameters('x')]` names (also ALZ's template-escaped `[[parameters('x')]`). */
export function parameterReference(value: unknown): string | undefined {
  return typeof value === 'string' ? PARAMETER.exec(value.trim())?.[1] : undefined;
}

/** An ARM template expression (`[...]`); `[[` escapes a literal leading bracket. */
const isExpression = (value: string) => /^\s*\[(?!\[)/.test(value);

function own<T>(record: Record<string, T>, key: string): T | undefined {
  if (Object.prototype.hasOwnProperty.call(record, key)) return record[key];
  // Parameter names are case-insensitive in ARM.
  const found = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : record[found];
}

/** `westeurope` and `West Europe` are one location. */
function sameLocation(a: string, b: string): boolean {
  return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
}

interface Selector {
  kind: string;
  in?: string[];
  notIn?: string[];
}

function selectorsOf(value: unknown): Selector[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((s) => {
    const o = (s ?? {}) as Record<string, unknown>;
    const list = (x: unknown) => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : undefined);
    return { kind: String(o['kind'] ?? ''), in: list(o['in']), notIn: list(o['notIn']) };
  });
}

/** Whether a value passes a selector's in / notIn list; `same` compares. */
function listed(sel: Selector, value: string | undefined, same: (a: string, b: string) => boolean): boolean {
  if (sel.in) return value !== undefined && sel.in.some((v) => same(v, value));
  if (sel.notIn) return value === undefined || !sel.notIn.some((v) => same(v, value));
  return true;
}

const caseless = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** One selector against the target: true / false, or a reason it cannot be told. */
function selects(sel: Selector, target: PolicyTarget, referenceId: string | undefined): boolean | string {
  switch (sel.kind.toLowerCase()) {
    case 'policydefinitionreferenceid':
      return listed(sel, referenceId, caseless);
    case 'resourcelocation':
      if (target.location === undefined) return `the location of ${target.id} is not known`;
      return listed(sel, target.location, sameLocation);
    case 'resourcetype':
      return listed(sel, target.type, caseless);
    case 'resourcewithoutlocation':
      // Only `subscriptionLevelResources` is documented: a workspace has a location, so it is never one.
      return listed(sel, target.location === undefined ? 'subscriptionLevelResources' : '', caseless);
    default:
      return `selector kind "${sel.kind}" is not one synaml can judge`;
  }
}

/** Whether all selectors of one group hold: true / false, or why it cannot be told. */
function allSelect(selectors: Selector[], target: PolicyTarget, referenceId: string | undefined): boolean | string {
  let undecided: string | undefined;
  for (const sel of selectors) {
    const r = selects(sel, target, referenceId);
    if (r === false) return false;
    if (typeof r === 'string') undecided ??= r;
  }
  return undecided ?? true;
}

function applicability(assignment: PolicyAssignment, target: PolicyTarget): Resolved<true | { excludedBy: string }> {
  const excluded = assignment.notScopes.find((scope) => scopeCovers(scope, target.id));
  if (excluded) return { ok: true, value: { excludedBy: `notScopes ${excluded}` } };
  if (assignment.resourceSelectors.length === 0) return { ok: true, value: true };
  let undecided: string | undefined;
  for (const raw of assignment.resourceSelectors) {
    const group = raw as Record<string, unknown> | null;
    const selectors = selectorsOf(group?.['selectors']) ?? [];
    const r = allSelect(selectors, target, undefined);
    if (r === true) return { ok: true, value: true };
    if (typeof r === 'string') undecided ??= r;
  }
  if (undecided) return { ok: false, why: `its resource selectors cannot be judged: ${undecided}` };
  return { ok: true, value: { excludedBy: 'resourceSelectors' } };
}

/** The first policyEffect override that selects the member, if any. */
function override(assignment: PolicyAssignment, target: PolicyTarget, referenceId: string | undefined): Resolved<string | undefined> {
  for (const raw of assignment.overrides) {
    const o = (raw ?? {}) as Record<string, unknown>;
    if (String(o['kind'] ?? '').toLowerCase() !== 'policyeffect' || typeof o['value'] !== 'string') continue;
    const selectors = selectorsOf(o['selectors']) ?? [];
    const r = allSelect(selectors, target, referenceId);
    if (r === true) return { ok: true, value: o['value'] };
    if (typeof r === 'string') return { ok: false, why: `an override cannot be judged: ${r}` };
  }
  return { ok: true, value: undefined };
}

interface Member {
  policyDefinitionId: string;
  referenceId?: string;
  /** The value the initiative passes for each parameter (absent for a direct assignment). */
  parameters?: Record<string, unknown>;
  initiativeParameters?: Record<string, { defaultValue?: unknown }>;
}

function effectOf(state: PolicyState, assignment: PolicyAssignment, member: Member, policy: CataloguedPolicy, target: PolicyTarget): Resolved<{ value: string; from: string }> {
  const overridden = override(assignment, target, member.referenceId);
  if (!overridden.ok) return overridden;
  if (overridden.value !== undefined) return { ok: true, value: { value: overridden.value, from: 'an override on the assignment' } };

  const definition = state.definition(member.policyDefinitionId);
  const declared = definition?.effect ?? `[parameters('${policy.effectParameter}')]`;
  const parameter = parameterReference(declared);
  if (parameter === undefined) {
    return isExpression(declared)
      ? { ok: false, why: `the definition's effect is the expression ${declared}` }
      : { ok: true, value: { value: declared, from: 'the definition' } };
  }
  const definitionDefault = definition
    ? own(definition.parameters, parameter)?.defaultValue
    : parameter === policy.effectParameter
      ? policy.defaultEffect
      : undefined;
  const defaultFrom = definition ? `the definition's default for "${parameter}"` : `the definition's default for "${parameter}" (synaml's catalogue)`;

  let value: unknown;
  let from: string;
  if (member.parameters === undefined) {
    value = own(assignment.parameters, parameter);
    from = `the assignment's parameter "${parameter}"`;
    if (value === undefined) [value, from] = [definitionDefault, defaultFrom];
  } else {
    const passed = own(member.parameters, parameter);
    const outer = parameterReference(passed);
    if (passed === undefined) [value, from] = [definitionDefault, defaultFrom];
    else if (outer !== undefined) {
      value = own(assignment.parameters, outer);
      from = `the assignment's parameter "${outer}"`;
      if (value === undefined) [value, from] = [own(member.initiativeParameters ?? {}, outer)?.defaultValue, `the initiative's default for "${outer}"`];
    } else [value, from] = [passed, 'the initiative'];
  }
  if (typeof value !== 'string' || value.trim() === '' || isExpression(value)) {
    return { ok: false, why: `the effect parameter "${parameter}" has no value synaml can resolve (${value === undefined ? 'none' : JSON.stringify(value)})` };
  }
  return { ok: true, value: { value: value.trim(), from } };
}

/** Exemptions of `assignment` that cover the member: the current one, if any, and the expired ones. */
function exemptionsOf(state: PolicyState, assignment: PolicyAssignment, referenceId: string | undefined, now: Date): { current?: PolicyExemption; expired: PolicyExemption[] } {
  const relevant = state.exemptions.filter((e) => {
    if (!sameId(e.policyAssignmentId, assignment.id)) return false;
    const category = e.category?.toLowerCase();
    if (category !== 'waiver' && category !== 'mitigated') return false;
    if (e.policyDefinitionReferenceIds.length === 0) return true;
    return referenceId !== undefined && e.policyDefinitionReferenceIds.some((r) => r.toLowerCase() === referenceId.toLowerCase());
  });
  const isCurrent = (e: PolicyExemption) => {
    if (e.expiresOn === undefined) return true;
    const at = Date.parse(e.expiresOn);
    return Number.isNaN(at) || at > now.getTime();
  };
  return { current: relevant.find(isCurrent), expired: relevant.filter((e) => !isCurrent(e)) };
}

/**
 * The catalogued built-ins each assignment over `target` applies to it (directly or as an initiative member), each
 * with its effective effect, applicability and exemption; and the initiatives that could not be read.
 */
export function policyHits(state: PolicyState, target: PolicyTarget, now: Date): { hits: PolicyHit[]; unread: UnreadInitiative[] } {
  const hits: PolicyHit[] = [];
  const unread: UnreadInitiative[] = [];
  for (const assignment of state.assignments) {
    const members: Array<Member & { initiative?: string }> = [];
    if (/\/policysetdefinitions\//i.test(assignment.policyDefinitionId)) {
      const set = state.setDefinition(assignment.policyDefinitionId);
      if (!set) {
        unread.push({ assignment, initiativeId: assignment.policyDefinitionId });
        continue;
      }
      for (const m of set.members) {
        members.push({
          policyDefinitionId: m.policyDefinitionId,
          referenceId: m.referenceId,
          parameters: m.parameters,
          initiativeParameters: set.parameters,
          initiative: set.displayName ?? set.id,
        });
      }
    } else members.push({ policyDefinitionId: assignment.policyDefinitionId });

    for (const member of members) {
      const policy = cataloguedPolicy(member.policyDefinitionId);
      if (!policy || policy.resourceType !== target.type.toLowerCase()) continue;
      const { current, expired } = exemptionsOf(state, assignment, member.referenceId, now);
      hits.push({
        assignment,
        policy,
        ...(member.referenceId !== undefined ? { referenceId: member.referenceId } : {}),
        ...(member.initiative !== undefined ? { initiative: member.initiative } : {}),
        effect: effectOf(state, assignment, member, policy, target),
        applies: applicability(assignment, target),
        ...(current ? { exemption: current } : {}),
        expired,
      });
    }
  }
  return { hits, unread };
}

/** Deny and Modify change what can be deployed; Audit-like effects only report. */
export function isEnforcingEffect(effect: string): boolean {
  return ['deny', 'modify'].includes(effect.toLowerCase());
}

export function isDisabledEffect(effect: string): boolean {
  return effect.toLowerCase() === 'disabled';
}

/** An assignment's scope in words: `management group X`, `subscription X`, `resource group X`, or the resource. */
export function describePolicyScope(scope: string): string {
  const s = normaliseId(scope);
  if (s === '/') return 'the tenant root';
  const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/.exec(s);
  if (mg) return `management group ${mg[1]}`;
  const rg = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/.exec(s);
  if (rg) return `resource group ${rg[2]}`;
  const sub = /^\/subscriptions\/([^/]+)$/.exec(s);
  if (sub) return `subscription ${sub[1]}`;
  return scope;
}
