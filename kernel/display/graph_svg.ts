// DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz, whose wasm ships inside the
// package: nothing is fetched). Loading takes a few tens of milliseconds, once, while the Python
// worker starts (the module itself is imported then, not with the kernel); after that a render is
// synchronous, so displays keep their order with the streams around them.

import type { Viz } from '@viz-js/viz';

let sharedRenderer: Promise<GraphRenderer> | null = null;

export class GraphRenderer {
  private constructor(
    private readonly viz: Viz | null,
    /** Why Graphviz did not load, when it did not. */
    readonly failure: string | null,
  ) {}

  /** One renderer for the process, loaded on first use: the cells' drawings and %dag share it. */
  static shared(): Promise<GraphRenderer> {
    sharedRenderer ??= GraphRenderer.load();
    return sharedRenderer;
  }

  /** A renderer; when Graphviz cannot load, one whose render() throws, saying why. */
  static async load(): Promise<GraphRenderer> {
    try {
      const { instance } = await import('@viz-js/viz');
      return new GraphRenderer(await instance(), null);
    } catch (error) {
      return new GraphRenderer(null, error instanceof Error ? error.message : String(error));
    }
  }

  get graphvizVersion(): string | null {
    return this.viz?.graphvizVersion ?? null;
  }

  /** The SVG document for `dot`, laid out by dot; throws with Graphviz's errors on bad input. */
  render(dot: string): string {
    if (this.viz === null) throw new Error(`Graphviz did not load: ${this.failure}`);
    const result = this.viz.render(dot, { format: 'svg', engine: 'dot' });
    if (result.status === 'failure') {
      const messages = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message}`);
      throw new Error(`Graphviz could not lay out the graph: ${messages.join('; ')}`);
    }
    return result.output;
  }
}

/**
 * The <svg> element alone, for inline HTML: without the XML declaration, doctype and comments,
 * and with its ids prefixed so that several drawings in one page keep theirs apart.
 */
export function inlineSvg(svg: string, idPrefix: string): string {
  const start = svg.indexOf('<svg');
  const element = start < 0 ? svg : svg.slice(start);
  return element
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/\bid="([^"]*)"/g, (_, id: string) => `id="${idPrefix}${id}"`);
}
