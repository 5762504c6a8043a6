// Printed graphs made comparable with PyTorch's: what may differ without meaning anything is
// written the same way on both sides.
//
//   %24_fused_add_fused_sub, %13      -> %v0_fused_add_fused_sub, %v1   (numbered values, in
//                                        order of first appearance; a suffix stays)
//   %x.1, %x.5                        -> %x.#0, %x.#1   (a name's numbered versions, per name)
//   # /usr/lib/.../torch/nn/modules/linear.py:114:15 -> # <library>   (outside the cell)
//
// Names derived from attributes (`%self.linear.weight`), plain names, mangled type names, types,
// constants and `.code` stay as they are: they must match exactly.

/** The file cells run as, on both sides: its locations are compared. */
export const cellFilename = '<cell>';

export function canonicalGraphText(text: string): string {
  const numbered = new Map<string, string>();
  const versions = new Map<string, Map<string, string>>();
  const rename = (name: string): string => {
    if (name === 'self' || name.startsWith('self.')) return name;
    const number = /^(\d+)(.*)$/.exec(name);
    if (number !== null) {
      if (!numbered.has(number[1])) numbered.set(number[1], `v${numbered.size}`);
      return `${numbered.get(number[1])}${number[2]}`;
    }
    const version = /^(.*)\.(\d+)$/.exec(name);
    if (version === null) return name;
    let seen = versions.get(version[1]);
    if (seen === undefined) versions.set(version[1], (seen = new Map()));
    if (!seen.has(version[2])) seen.set(version[2], `#${seen.size}`);
    return `${version[1]}.${seen.get(version[2])}`;
  };
  return text
    .replace(/%([\w.]+)/g, (_, name: string) => `%${rename(name)}`)
    .replace(/ # (.*):(\d+):(\d+)$/gm, (all, file: string) =>
      file === cellFilename ? all : ' # <library>',
    );
}
