// The dialect's value rules over JSON: field lookup, comparison, casts, and the type mismatch
// that makes one column of one record NULL (counted in `errors`) instead of stopping a query.

import type { Json } from "./plan.js";
import type { ScalarType } from "./tree.js";

/** An operator met incompatible types, or a CAST failed: that column of that record is NULL. */
export class TypeMismatch extends Error {
  override readonly name = "TypeMismatch";
}

export function isObject(value: Json | undefined): value is { [field: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field by name: the exact spelling first, else the first that differs only by case. */
export function fieldOf(value: Json, name: string): Json {
  if (!isObject(value)) return null;
  if (Object.hasOwn(value, name)) return value[name] as Json;
  const upper = name.toUpperCase();
  for (const field of Object.keys(value)) {
    if (field.toUpperCase() === upper) return value[field] as Json;
  }
  return null;
}

export function pathOf(value: Json, path: readonly string[]): Json {
  let current = value;
  for (const name of path) current = fieldOf(current, name);
  return current;
}

export function typeName(value: Json): string {
  if (value === null) return "NULL";
  if (Array.isArray(value)) return "ARRAY";
  switch (typeof value) {
    case "string":
      return "STRING";
    case "number":
      return "NUMBER";
    case "boolean":
      return "BOOLEAN";
    default:
      return "STRUCT";
  }
}

export function expectNumber(value: Json, what: string): number {
  if (typeof value !== "number")
    throw new TypeMismatch(`${what} needs a number, got ${typeName(value)}`);
  return value;
}

export function expectString(value: Json, what: string): string {
  if (typeof value !== "string")
    throw new TypeMismatch(`${what} needs a string, got ${typeName(value)}`);
  return value;
}

/** Orders two non-null values of one comparable type (numbers, strings, booleans). */
export function compareValues(a: Json, b: Json): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new TypeMismatch(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

/** JSON text, as a non-string value appears inside a key. */
export function textOf(value: Json): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function castValue(value: Json, type: ScalarType): Json {
  if (value === null) return null;
  switch (type) {
    case "STRING":
      return textOf(value);
    case "BOOLEAN":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) {
        return value.trim().toLowerCase() === "true";
      }
      break;
    case "DOUBLE": {
      const number = toNumber(value);
      if (number !== null) return number;
      break;
    }
    default: {
      const number = toNumber(value);
      if (number !== null) return Math.trunc(number);
    }
  }
  throw new TypeMismatch(`cannot CAST ${typeName(value)} ${textOf(value).slice(0, 40)} AS ${type}`);
}

function toNumber(value: Json): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
  }
  return null;
}
