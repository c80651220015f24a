// ROS 1 message schemas for evidence clips: the bundled common definitions (@foxglove/rosmsg-msgs-common),
// else the project's own table (src/ros/ros1Definitions.ts), with the gendeps-style text MCAP's ros1msg
// schemas carry.
import { parse as parseRosmsg, stringify as stringifyRosmsg } from '@foxglove/rosmsg';
import { ros1 } from '@foxglove/rosmsg-msgs-common';
import { fullDefinition } from '../../ros';

import type { Ros1Schema } from '../../ros';

export type MessageDefinition = ReturnType<typeof parseRosmsg>[number];
export type { Ros1Schema };

const bundled = ros1 as unknown as Record<string, MessageDefinition>;
const schemaCache = new Map<string, Ros1Schema | null>();

/** The schema for a ROS 1 type from the bundled common definitions, else the project's table; null if unknown. */
export function ros1Schema(type: string): Ros1Schema | null {
  let s = schemaCache.get(type);
  if (s === undefined) {
    s = fromBundled(type) ?? fromProjectTable(type);
    schemaCache.set(type, s);
  }
  return s;
}

/**
 * The bundled definitions spell ROS 1's deprecated `byte`/`char` as int8/uint8. The wire format is the same,
 * but the schema text and the md5sum (which rosbag tools check) must use the original words.
 */
const ORIGINAL_PRIMITIVES: Record<string, Record<string, string>> = {
  'diagnostic_msgs/DiagnosticStatus': { int8: 'byte' },
  'std_msgs/Byte': { int8: 'byte' },
  'std_msgs/ByteMultiArray': { int8: 'byte' },
  'std_msgs/Char': { uint8: 'char' },
};

function withOriginalPrimitives(name: string, def: MessageDefinition): MessageDefinition {
  const map = ORIGINAL_PRIMITIVES[name];
  if (!map) return def;
  return { ...def, definitions: def.definitions.map((f) => (map[f.type] ? { ...f, type: map[f.type]! } : f)) };
}

function fromBundled(type: string): Ros1Schema | null {
  const root = bundled[type];
  if (!root) return null;
  const defs: MessageDefinition[] = [withOriginalPrimitives(type, { ...root, name: type })];
  const seen = new Set([type]);
  for (let i = 0; i < defs.length; i++) {
    for (const f of defs[i]!.definitions) {
      if (!f.isComplex || f.isConstant || seen.has(f.type)) continue;
      const dep = bundled[f.type];
      if (!dep) return null;
      seen.add(f.type);
      defs.push(withOriginalPrimitives(f.type, dep));
    }
  }
  return { type, definitions: defs, text: stringifyRosmsg(defs) };
}

function fromProjectTable(type: string): Ros1Schema | null {
  const text = fullDefinition(type);
  if (text === undefined) return null;
  return schemaFromText(type, text);
}

/** Parses a gendeps-style definition text (as stored in an MCAP ros1msg schema). */
export function schemaFromText(type: string, text: string): Ros1Schema {
  const defs = parseRosmsg(text);
  const root = defs[0];
  if (!root) throw new Error(`empty definition for ${type}`);
  return { type, definitions: [{ ...root, name: type }, ...defs.slice(1)], text };
}
