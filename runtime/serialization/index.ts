// torch.jit.save / torch.jit.load for TypeScript callers (the Python facade wires them to
// Python): archives in PyTorch 1.13's layout, both ways.
//
//   const bytes = saveArchive(module, { name: 'model', extraFiles: new Map([['meta.txt', ...]]) });
//   const { module, extraFiles } = loadArchive(bytes);

export { loadArchive, type LoadOptions, type LoadedArchive } from './archive_reader.js';
export type { ScriptModule } from './script_module.js';
export { saveArchive, type SaveOptions } from './archive_writer.js';
export { functionModule } from './function_module.js';
