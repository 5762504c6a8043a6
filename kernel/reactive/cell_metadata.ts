// What an execute_request's metadata says about the cell: its id, which JupyterLab sends as
// cellId (nbformat 4.5's cell id), and the ids of cells deleted since the last execution,
// which JupyterLab sends as deletedCells. Other clients send neither: their cells are not
// reactive.

import type { JsonObject } from '../protocol/json.js';

export interface CellMetadata {
  readonly cellId: string | null;
  readonly deletedCells: readonly string[];
}

export function readCellMetadata(metadata: JsonObject): CellMetadata {
  const id = metadata.cellId;
  const deleted = Array.isArray(metadata.deletedCells) ? metadata.deletedCells : [];
  return {
    cellId: typeof id === 'string' && id !== '' ? id : null,
    deletedCells: deleted.filter((cell): cell is string => typeof cell === 'string'),
  };
}
