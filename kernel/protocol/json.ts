// JSON values as they travel in Jupyter messages. Content arrives from other processes, so every
// read of a field goes through these guards instead of a cast.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request whose content fields have the wrong types; the kernel answers it with an error. */
export class MalformedContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedContentError';
  }
}

function field<T>(
  content: JsonObject,
  name: string,
  fallback: T | undefined,
  accepts: (value: JsonValue) => value is JsonValue & T,
  kind: string,
): T {
  const value = content[name];
  if (value === undefined || (value === null && fallback !== undefined)) {
    if (fallback === undefined) throw new MalformedContentError(`missing field '${name}'`);
    return fallback;
  }
  if (!accepts(value)) throw new MalformedContentError(`field '${name}' must be ${kind}`);
  return value;
}

const isString = (v: JsonValue): v is string => typeof v === 'string';
const isNumber = (v: JsonValue): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: JsonValue): v is boolean => typeof v === 'boolean';

/** content[name] as a string; without `fallback` the field is required. */
export function stringField(content: JsonObject, name: string, fallback?: string): string {
  return field(content, name, fallback, isString, 'a string');
}

export function numberField(content: JsonObject, name: string, fallback?: number): number {
  return field(content, name, fallback, isNumber, 'a number');
}

export function booleanField(content: JsonObject, name: string, fallback?: boolean): boolean {
  return field(content, name, fallback, isBoolean, 'a boolean');
}

export function objectField(content: JsonObject, name: string, fallback?: JsonObject): JsonObject {
  return field(content, name, fallback, isJsonObject, 'an object');
}
