// Notebooks in nbformat 4: reading, the parts the runner changes, and writing them the way
// Jupyter does (one-space indent, a final newline, multi-line strings as lists of lines).

import { readFile, writeFile } from 'node:fs/promises';
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/json.js';

/** A multi-line string as nbformat stores it: one string, or lines that keep their "\n". */
export type MultilineString = string | string[];

export interface Notebook {
  readonly nbformat: 4;
  readonly nbformat_minor: number;
  metadata: JsonObject;
  readonly cells: Cell[];
}

export interface Cell {
  readonly cell_type: 'code' | 'markdown' | 'raw';
  source: MultilineString;
  metadata: JsonObject;
  id?: string;
  execution_count?: number | null;
  outputs?: JsonObject[];
}

export function joinText(text: JsonValue | undefined): string {
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.filter((line) => typeof line === 'string').join('');
  return '';
}

/** "a\nb" as ["a\n", "b"], as Jupyter writes text into notebooks. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function parseNotebook(value: unknown, source: string): Notebook {
  if (!isJsonObject(value) || value.nbformat !== 4 || !Array.isArray(value.cells)) {
    throw new Error(`${source} is not an nbformat 4 notebook`);
  }
  const cells = value.cells.map((cell, index) => parseCell(cell, `${source}, cell ${index + 1}`));
  const minor = typeof value.nbformat_minor === 'number' ? value.nbformat_minor : 5;
  const metadata = isJsonObject(value.metadata) ? value.metadata : {};
  return { nbformat: 4, nbformat_minor: minor, metadata, cells };
}

function parseCell(value: JsonValue, where: string): Cell {
  if (!isJsonObject(value)) throw new Error(`${where}: not an object`);
  const type = value.cell_type;
  if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
    throw new Error(`${where}: unknown cell_type ${JSON.stringify(type)}`);
  }
  const cell: Cell = {
    ...value,
    cell_type: type,
    source: joinText(value.source),
    metadata: isJsonObject(value.metadata) ? value.metadata : {},
  };
  if (type === 'code') {
    cell.outputs = Array.isArray(value.outputs) ? value.outputs.filter(isJsonObject) : [];
    cell.execution_count = typeof value.execution_count === 'number' ? value.execution_count : null;
  }
  return cell;
}

export async function readNotebook(file: string): Promise<Notebook> {
  const text = await readFile(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  return parseNotebook(value, file);
}

export function serializeNotebook(notebook: Notebook): string {
  const cells = notebook.cells.map((cell) => ({
    ...cell,
    source: splitLines(joinText(cell.source)),
  }));
  return JSON.stringify(sortKeys({ ...notebook, cells }), null, 1) + '\n';
}

export async function writeNotebook(file: string, notebook: Notebook): Promise<void> {
  await writeFile(file, serializeNotebook(notebook));
}

/** Keys in order, as nbformat writes them, so re-running a notebook gives small diffs. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}
