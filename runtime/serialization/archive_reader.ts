// torch.jit.load: an archive (PyTorch's or ours) to a scripted module. The order is PyTorch's:
//
//   1. the zip's directory, checked (zip_reader.ts); every record under one folder <name>/
//   2. <name>/version: the format version, 3 to 10 (older archives are the JSON format)
//   3. <name>/constants.pkl: the constant table code reads as CONSTANTS.cN (storages constants/N)
//   4. <name>/data.pkl: the module object; each __torch__ class it names is imported from
//      <name>/code/__torch__/....py by our compiler (source_importer.ts)
//   5. every imported method and function compiled; the module's ModuleInfo and ScriptObject
//
// Nothing in the archive runs except TorchScript: code files are compiled by our compiler, the
// pickles may only name the globals value_unpickler.ts allows, and __setstate__ methods are
// TorchScript methods of the archive's own classes.

import {
  ConstantList,
  ConstantTuple,
  constantType,
  type ConstantValue,
} from '../../compiler/ir/constants.js';
import type { ArchiveConstant } from '../../compiler/serialization/literal_values.js';
import {
  maximumSupportedVersion,
  operatorsNeedingUpgrade,
} from '../../compiler/serialization/operator_versions.js';
import { SourceImporter } from '../../compiler/serialization/source_importer.js';
import { ClassType, ListType, TupleType, Types } from '../../compiler/types/types.js';
import { notSupported } from '../errors.js';
import { ScriptObject } from '../interpreter/objects.js';
import { Device } from '../tensor/device.js';
import { Tensor } from '../tensor/tensor.js';
import './constant_text.js';
import { archiveError } from './errors.js';
import { PickleTuple } from './pickle/opcodes.js';
import type { ScriptModule } from './script_module.js';
import { unpickleArchiveValue } from './value_unpickler.js';
import { ZipReader } from './zip/zip_reader.js';

export interface LoadOptions {
  /** Where tensors go; only the CPU (the default) is supported yet. */
  readonly mapLocation?: string | Device | null;
}

export interface LoadedArchive {
  readonly module: ScriptModule;
  /** The archive's extra/ records by name (torch.jit.load's _extra_files). */
  readonly extraFiles: ReadonlyMap<string, Uint8Array>;
  /** The format version the archive declares. */
  readonly version: number;
  /** The archive's folder name: `model` of model/data.pkl. */
  readonly name: string;
}

/** The oldest format version read: older archives keep their code in JSON (model.json). */
const minimumSupportedVersion = 3;

export function loadArchive(bytes: Uint8Array, options: LoadOptions = {}): LoadedArchive {
  checkMapLocation(options.mapLocation ?? null);
  const zip = ZipReader.open(bytes);
  const name = archiveFolder(zip.names);
  const record = (path: string) => zip.read(`${name}/${path}`);
  const version = readVersion(zip, name);
  // The code may use constants (CONSTANTS.cN) and the constants may be objects of the code's
  // classes: the importer reads the table only when it compiles, after it is filled here.
  const constants: ArchiveConstant[] = [];
  const text = new TextDecoder();
  const importer = new SourceImporter({
    constants,
    file: (qualifier) => {
      const path = `code/${qualifier.replace(/\./g, '/')}.py`;
      return zip.has(`${name}/${path}`)
        ? { text: text.decode(record(path)), filename: path }
        : null;
    },
  });
  const classType = (q: string): ClassType | null => {
    const t = importer.findType(q);
    return t instanceof ClassType ? t : null;
  };
  const constantsValue = unpickleArchiveValue(
    record('constants.pkl'),
    { classType, storageRecord: (key) => record(`constants/${key}`) },
    'constants.pkl',
  );
  constants.push(...archiveConstants(constantsValue));
  const root = unpickleArchiveValue(
    record('data.pkl'),
    { classType, storageRecord: (key) => zip.read(`${name}/data/${key}`, false) },
    'data.pkl',
  );
  if (!(root instanceof ScriptObject) || !root.type.isModule) {
    throw archiveError('data.pkl does not hold a scripted module');
  }
  importer.compileAll();
  checkNoUpgradersNeeded(importer, version);
  return {
    module: { info: importer.moduleInfo(root.type), object: root },
    extraFiles: extraFiles(zip, name),
    version,
    name,
  };
}

function checkMapLocation(location: string | Device | null): void {
  if (location === null) return;
  const device = Device.parse(location);
  if (device.type !== 'cpu') throw notSupported(`map_location=${device.toString()}`);
}

/** The folder every record lives in (PyTorch names it after the file it saved to). */
function archiveFolder(names: readonly string[]): string {
  if (names.length === 0) throw archiveError('the zip archive is empty');
  const folder = names[0].split('/')[0];
  for (const n of names) {
    if (!n.startsWith(`${folder}/`)) {
      throw archiveError(`record ${n} lies outside the archive's folder ${folder}/`);
    }
  }
  return folder;
}

function readVersion(zip: ZipReader, name: string): number {
  // Versions from 6 on live in .data/version.
  const path = zip.has(`${name}/.data/version`) ? `${name}/.data/version` : `${name}/version`;
  const text = new TextDecoder().decode(zip.read(path)).trim();
  const version = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(version >= minimumSupportedVersion && version <= maximumSupportedVersion)) {
    throw archiveError(
      `this archive's format version is ${text}, but only versions ${minimumSupportedVersion} to ${maximumSupportedVersion} (PyTorch 1.13's) are supported`,
    );
  }
  return version;
}

/** constants.pkl: a tuple of tensors, objects and values too unwieldy for code (non-ASCII strings). */
function archiveConstants(value: unknown): ArchiveConstant[] {
  if (!(value instanceof PickleTuple)) throw archiveError('constants.pkl must hold a tuple');
  return value.items.map((v) =>
    v instanceof Tensor
      ? { kind: 'object', value: v, type: Types.Tensor }
      : v instanceof ScriptObject
        ? { kind: 'object', value: v, type: v.type }
        : { kind: 'value', value: constantOf(v) },
  );
}

function constantOf(v: unknown): ConstantValue {
  if (v === null || ['bigint', 'number', 'boolean', 'string'].includes(typeof v)) {
    return v as ConstantValue;
  }
  if (v instanceof Device) return v;
  if (v instanceof PickleTuple) {
    const items = v.items.map(constantOf);
    return new ConstantTuple(items, new TupleType(items.map(constantType)));
  }
  if (Array.isArray(v) && v.length > 0) {
    const items = v.map(constantOf);
    return new ConstantList(items, new ListType(constantType(items[0])));
  }
  throw archiveError('constants.pkl holds a value that is not a constant');
}

function checkNoUpgradersNeeded(importer: SourceImporter, version: number): void {
  const graphs = importer.allFunctions().map((f) => f.graph);
  const old = operatorsNeedingUpgrade(graphs, version);
  if (old.length > 0) {
    throw notSupported(
      `archives of format version ${version} that call ${old.join(', ')} (their meaning changed since; PyTorch upgrades them)`,
    );
  }
}

function extraFiles(zip: ZipReader, name: string): Map<string, Uint8Array> {
  const prefix = `${name}/extra/`;
  const out = new Map<string, Uint8Array>();
  for (const n of zip.names) if (n.startsWith(prefix)) out.set(n.slice(prefix.length), zip.read(n));
  return out;
}
