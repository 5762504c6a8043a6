// The kernel's logo, drawn from shapes at any size: a small dataflow graph (three nodes, the
// edges between them) in white on PyTorch's orange-red, in a rounded square. Shapes are signed
// distance functions, so edges are anti-aliased by how far a pixel's centre lies from them.

import { encodePng } from './png.js';

type Point = readonly [number, number];
type Distance = (x: number, y: number) => number;

const background = [0xee, 0x4c, 0x2c] as const;
const nodes: readonly Point[] = [
  [0.5, 0.27],
  [0.28, 0.72],
  [0.72, 0.72],
];
const edges: readonly (readonly [Point, Point])[] = [
  [nodes[0], nodes[1]],
  [nodes[0], nodes[2]],
  [nodes[1], nodes[2]],
];

function roundedSquare(inset: number, radius: number): Distance {
  return (x, y) => {
    const qx = Math.abs(x - 0.5) - (0.5 - inset - radius);
    const qy = Math.abs(y - 0.5) - (0.5 - inset - radius);
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return outside + Math.min(Math.max(qx, qy), 0) - radius;
  };
}

function segment([ax, ay]: Point, [bx, by]: Point, halfWidth: number): Distance {
  return (x, y) => {
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) - halfWidth;
  };
}

function circle([cx, cy]: Point, radius: number): Distance {
  return (x, y) => Math.hypot(x - cx, y - cy) - radius;
}

const square = roundedSquare(0.03, 0.2);
const glyph: Distance[] = [
  ...edges.map(([a, b]) => segment(a, b, 0.035)),
  ...nodes.map((node) => circle(node, 0.11)),
];

/** How much of a pixel a shape covers, from its distance in pixels. */
function coverage(distancePixels: number): number {
  return Math.max(0, Math.min(1, 0.5 - distancePixels));
}

export function drawLogo(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const [x, y] = [(column + 0.5) / size, (row + 0.5) / size];
      const alpha = coverage(square(x, y) * size);
      const white = coverage(Math.min(...glyph.map((shape) => shape(x, y))) * size);
      const offset = (row * size + column) * 4;
      for (let channel = 0; channel < 3; channel++) {
        pixels[offset + channel] = Math.round(
          background[channel] + (255 - background[channel]) * white,
        );
      }
      pixels[offset + 3] = Math.round(255 * alpha);
    }
  }
  return pixels;
}

export function logoPng(size: number): Buffer {
  return encodePng(size, size, drawLogo(size));
}
