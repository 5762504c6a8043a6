// TorchScript type annotations as the static types of typed operators arrive (ArgTypes):
// `int`, `List[float]`, `Tuple[int, str]`, `Tuple[()]`, `Dict[str, List[int]]`, `Optional[int]`.
// Generic operators that act on a value by its type (str(), format, printing in messages) read
// the value's shape from here, since JS values carry no static type of their own.

export interface Annotation {
  /** `List`, `Tuple`, `Dict`, `Optional`, `Union`, or a leaf name such as `int` or `Tensor`. */
  readonly name: string;
  readonly args: readonly Annotation[];
}

const cache = new Map<string, Annotation>();

export function parseAnnotation(text: string): Annotation {
  let ann = cache.get(text);
  if (ann === undefined) {
    const parser = new Parser(text);
    ann = parser.annotation();
    parser.end();
    cache.set(text, ann);
  }
  return ann;
}

/** `Optional[int]` and `Union[int, NoneType]` may hold None; the inner type otherwise. */
export function unwrapOptional(ann: Annotation): Annotation {
  return ann.name === 'Optional' ? ann.args[0] : ann;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  annotation(): Annotation {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*/.exec(this.text.slice(this.pos));
    if (m === null) this.fail();
    this.pos += m[0].length;
    const name = m[1] === 'torch.Tensor' ? 'Tensor' : m[1];
    if (this.text[this.pos] !== '[') return { name, args: [] };
    this.pos++;
    const args: Annotation[] = [];
    if (this.text.startsWith('()]', this.pos)) {
      this.pos += 3;
      return { name, args };
    }
    for (;;) {
      args.push(this.annotation());
      const c = this.text[this.pos++];
      if (c === ']') break;
      if (c !== ',') this.fail();
    }
    this.skipSpace();
    return { name, args };
  }

  end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail();
  }

  private skipSpace(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  private fail(): never {
    throw new Error(`cannot parse the type annotation '${this.text}' at ${this.pos}`);
  }
}
