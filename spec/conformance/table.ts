// Per-category tables the conformance specs print: the first column left-aligned, the rest right.

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))))
    .map((r) => `    ${r.join('  ')}`)
    .join('\n');
}
