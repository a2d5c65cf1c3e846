// A template resource built from a value the reader already has in ARM shape (a Terraform resource mapped onto its
// ARM properties, a Synapse Git artifact), with the parts of it that are not known and where each part comes from.
// The ARM reader evaluates template expressions lazily instead (model.ts); both give rules the same TemplateResource.
import type { SourcePosition } from '../spec/types.js';
import type { Json } from './expressions.js';
import { indexJson, type Resolution, type TemplateResource, type UnresolvedAt } from './model.js';

/** A part of the value that is not known, at an ARM-shaped path (`['properties', 'typeProperties']`). */
export interface UnknownPart {
  path: readonly string[];
  unresolved: UnresolvedAt;
}

/** What a reader knows of a resource: the TemplateResource's own fields, plus its value and where its parts are. */
export interface ValueResourceInit
  extends Pick<TemplateResource, 'kind' | 'type' | 'source' | 'declaredAt' | 'names' | 'segmentUnresolved' | 'presence' | 'context' | 'at' | 'nameAt'> {
  /** The resource in ARM shape: `{ properties: { ... } }`. */
  value: Json;
  unknown: readonly UnknownPart[];
  /** Where the input writes the value at an ARM-shaped path, or undefined. */
  locate(path: ReadonlyArray<string | number>): SourcePosition | undefined;
}

function overlaps(a: readonly string[], b: ReadonlyArray<string | number>): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i]!.toLowerCase() !== String(b[i]).toLowerCase()) return false;
  return true;
}

/** A TemplateResource over an ARM-shaped value: `read` answers from the value, unknown parts make reads unresolved. */
export function valueResource(init: ValueResourceInit): TemplateResource {
  const { value, unknown, locate, at } = init;
  return {
    kind: init.kind,
    type: init.type,
    ...(init.source !== undefined && { source: init.source }),
    ...(init.declaredAt !== undefined && { declaredAt: init.declaredAt }),
    names: init.names,
    segmentUnresolved: init.segmentUnresolved,
    ...(init.presence && { presence: init.presence }),
    context: init.context,
    at,
    nameAt: init.nameAt,
    read(path): Resolution {
      const unresolved = unknown.filter((u) => overlaps(u.path, path)).map((u) => u.unresolved);
      let v: Json | undefined = value;
      for (const seg of path) v = indexJson(v, seg);
      if (v === null) v = undefined;
      return { value: v, unresolved, at: locate(path) ?? at, found: v !== undefined || unresolved.length > 0 };
    },
    locate,
  };
}
