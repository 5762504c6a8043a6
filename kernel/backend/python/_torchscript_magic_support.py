"""What the kernel's magics share: UsageError, and a cell magic's body as a cell (Cell)."""

import ast

import __main__
import _torchscript_host

__tracebackhide__ = True


class UsageError(Exception):
    """A magic used wrongly; the kernel shows its message alone, without a traceback."""


UsageError.__module__ = "builtins"


class Cell:
    """A cell magic's body, compiled under the cell's file name at its own line numbers, so that
    tracebacks and inspect.getsource (which torch.jit.script needs) see the cell as written."""

    def __init__(self, body, filename, body_line, magic_line):
        self.body = body
        self.filename = filename
        self.body_line = body_line
        self.magic_line = magic_line

    def register(self):
        before = ["\n"] * (self.body_line - 2) + [self.magic_line + "\n"]
        _torchscript_host._register_source("".join(before) + self.body, self.filename)

    def parse(self):
        """The body's statements, at their line numbers in the cell."""
        padded = "\n" * (self.body_line - 1) + self.body
        return ast.parse(padded, self.filename, "exec")

    def run(self, statements):
        """Runs statements of the body in the cells' namespace."""
        module = ast.Module(body=list(statements), type_ignores=[])
        exec(compile(module, self.filename, "exec"), __main__.__dict__)

    def evaluate(self, expression):
        return eval(compile(ast.Expression(expression), self.filename, "eval"), __main__.__dict__)

    def run_all(self):
        """Runs the body as a cell: the last expression's value, unless a semicolon ends it."""
        tree = self.parse()
        last = tree.body[-1] if tree.body else None
        if not isinstance(last, ast.Expr) or self.body.rstrip().endswith(";"):
            self.run(tree.body)
            return None
        self.run(tree.body[:-1])
        return self.evaluate(last.value)
