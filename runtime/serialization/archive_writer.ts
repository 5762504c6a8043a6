// torch.jit.save: a scripted module to an archive PyTorch 1.13 loads, with the records in the
// order PyTorch writes them:
//
//   <name>/extra/<file>        the caller's extra files
//   <name>/data/<N>            storages of the module's tensors, then <name>/data.pkl
//   <name>/code/__torch__/...  the code of every class and function it needs (code_exporter.ts)
//   <name>/constants/<N>       storages of tensor constants, then <name>/constants.pkl
//   <name>/version             the format version the code needs (.data/version from 6 on)
//
// PyTorch's .debug_pkl records (source ranges for error messages) are left out: PyTorch loads
// archives without them.

import { exportCode } from '../../compiler/serialization/code_exporter.js';
import {
  ConstantList,
  ConstantTensorText,
  ConstantTuple,
  constantType,
  type ConstantValue,
} from '../../compiler/ir/constants.js';
import { TupleType, Types, type ClassType, type Type } from '../../compiler/types/types.js';
import { notSupported } from '../errors.js';
import { runtimeValue } from '../interpreter/constants.js';
import { ScriptObject } from '../interpreter/objects.js';
import { Tensor } from '../tensor/tensor.js';
import { archiveError } from './errors.js';
import type { ScriptModule } from './script_module.js';
import { pickleArchiveValue, StorageTable } from './value_pickler.js';
import { ZipWriter } from './zip/zip_writer.js';

/** PyTorch deflates code records only past this size: tiny ones are not worth it. */
const minimumCompressedSize = 200;

/** Format versions from 6 on are recorded as .data/version, older ones as version. */
function versionRecord(version: number): string {
  return version >= 6 ? '.data/version' : 'version';
}

export interface SaveOptions {
  /**
   * The folder the records live in. PyTorch names it after the file saved to (`model` for
   * model.pt) and `archive` when saving to a file object, the default here.
   */
  readonly name?: string;
  /** torch.jit.save's _extra_files: saved as <name>/extra/<file>. */
  readonly extraFiles?: ReadonlyMap<string, Uint8Array | string>;
}

export function saveArchive(module: ScriptModule, options: SaveOptions = {}): Uint8Array {
  const name = folderName(options.name ?? 'archive');
  if (module.object.type !== module.info.type) {
    throw archiveError('the module object is not an instance of the module type being saved');
  }
  const zip = new ZipWriter();
  const record = (path: string, bytes: Uint8Array, compress = false) =>
    zip.add(`${name}/${path}`, bytes, compress);
  for (const [file, content] of options.extraFiles ?? []) {
    record(`extra/${file}`, typeof content === 'string' ? utf8(content) : content);
  }
  const classes: ClassType[] = [];
  const data = pickleWithStorages(module.object, module.info.type, classes, 'the module');
  const code = exportCode(module.info, classes);
  writePickle(record, 'data', data);
  for (const [path, text] of code.files) {
    const bytes = utf8(text);
    record(path, bytes, bytes.length > minimumCompressedSize);
  }
  const table = constantTable(code.constants);
  writePickle(
    record,
    'constants',
    pickleWithStorages(table.values, table.type, classes, 'the constant table'),
  );
  record(versionRecord(code.version), utf8(`${code.version}\n`));
  return zip.finish();
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function folderName(name: string): string {
  if (!/^[^/\\]+$/.test(name) || name === '.' || name === '..') {
    throw archiveError(`${JSON.stringify(name)} cannot name an archive's folder`);
  }
  return name;
}

interface PickleWithStorages {
  readonly pickle: Uint8Array;
  readonly storages: StorageTable;
}

/** Pickles a value; `classes` collects the classes of its objects in the order it meets them. */
function pickleWithStorages(
  value: unknown,
  type: Type,
  classes: ClassType[],
  what: string,
): PickleWithStorages {
  const storages = new StorageTable();
  const className = (t: ClassType) => {
    if (!classes.includes(t)) classes.push(t);
    return t.qualifiedName;
  };
  return { pickle: pickleArchiveValue(value, type, storages, className, what), storages };
}

/** <dir>/<key> for each storage, then <dir>.pkl. */
function writePickle(
  record: (path: string, bytes: Uint8Array) => void,
  dir: string,
  p: PickleWithStorages,
): void {
  for (const r of p.storages.records) record(`${dir}/${r.key}`, r.bytes);
  record(`${dir}.pkl`, p.pickle);
}

/** The printer's CONSTANTS table as one tuple value: tensors, objects, and literals kept out of line. */
function constantTable(entries: readonly unknown[]): {
  values: readonly unknown[];
  type: TupleType;
} {
  const types: Type[] = [];
  const values = entries.map((c) => {
    if (c instanceof Tensor || c instanceof ScriptObject) {
      types.push(c instanceof Tensor ? Types.Tensor : c.type);
      return c;
    }
    if (c instanceof ConstantTensorText) {
      throw notSupported(`saving a tensor constant known only by its printed text ${c.text}`);
    }
    if (!isConstantValue(c))
      throw archiveError('the code refers to a constant that cannot be saved');
    const t = constantType(c);
    types.push(t);
    return runtimeValue(c, t);
  });
  return { values: Object.freeze(values), type: new TupleType(types) };
}

function isConstantValue(c: unknown): c is ConstantValue {
  return (
    c === null ||
    ['bigint', 'number', 'boolean', 'string'].includes(typeof c) ||
    c instanceof ConstantList ||
    c instanceof ConstantTuple
  );
}
