"""The names a cell defines, reads and deletes, for the kernel's dataflow graph of cells
(kernel/reactive/). Run in the cells' interpreter around each cell that has a cell id:

    before()          remembers which object each name of __main__ holds
    after(source)     JSON {"defines", "reads", "deleted"} for the cell just run

Reads come from the cell's syntax tree (after the magic rewrite; a magic's own code is read from
its arguments): names its module-level code loads before binding them, and the global names that
its functions, classes and lambdas load. Defines come from the run: names bound to another
object than before (which catches globals()[...] and exec), and names its augmented assignments
updated in place (`x += 1` on a tensor keeps the object). A statement that binds a name to the
object it already holds (`import torch` again) defines nothing, so the cells that read it are not
run again for nothing.
"""

import ast
import builtins
import symtable
import sys

import __main__
from _torchscript_kernel import JsonReply

__tracebackhide__ = True

_BUILTIN_NAMES = frozenset(dir(builtins))
# Module-level comprehensions and generator expressions have a table of their own in some
# Python versions; the module walk reads them itself, in order.
_COMPREHENSION_TABLES = frozenset({"listcomp", "setcomp", "dictcomp", "genexpr"})

_before = None


def before():
    """Remembers the namespace's objects (the objects themselves: an id could be reused)."""
    global _before
    _before = dict(vars(__main__))


def after(source):
    """What the cell just run defined, read and deleted, as JSON lists of names."""
    global _before
    previous, _before = _before or {}, None
    names = CellNames()
    names.add_source(source)
    now = vars(__main__)
    changed = {n for n, v in now.items() if n not in previous or previous[n] is not v}
    changed |= {n for n in names.updated if n in now}
    deleted = {n for n in previous if n not in now}
    # A builtin counts as read only where a cell shadows it.
    reads = {n for n in names.reads() if n in now or n not in _BUILTIN_NAMES}
    return JsonReply(
        {
            "defines": _listed(changed),
            "reads": _listed(reads),
            "deleted": _listed(deleted),
        }
    )


def _listed(names):
    return sorted(n for n in names if not (n.startswith("__") and n.endswith("__")))


class CellNames(ast.NodeVisitor):
    """Walks module-level code in the order it runs: a name loaded before the cell bound it is
    read. Function, class and lambda bodies run later, so their global loads count unless the
    cell binds the name anywhere at module level."""

    def __init__(self):
        self.bound = set()
        self.module_reads = set()
        self.nested_reads = set()
        self.updated = set()
        self._comprehension_scopes = []

    def reads(self):
        return self.module_reads | (self.nested_reads - self.bound)

    def add_source(self, source):
        try:
            tree = ast.parse(source, "<cell>", "exec")
            table = symtable.symtable(source, "<cell>", "exec")
        except (SyntaxError, ValueError):
            return
        self.visit(tree)
        for child in table.get_children():
            if child.get_name() not in _COMPREHENSION_TABLES:
                self._add_nested(child)

    def _add_nested(self, table):
        for symbol in table.get_symbols():
            if symbol.is_global() and symbol.is_referenced():
                self.nested_reads.add(symbol.get_name())
            if symbol.is_declared_global() and symbol.is_assigned():
                self.bound.add(symbol.get_name())
        for child in table.get_children():
            self._add_nested(child)

    # ---- names ----

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            if node.id not in self.bound and not self._comprehension_local(node.id):
                self.module_reads.add(node.id)
        else:
            self.bound.add(node.id)

    def _comprehension_local(self, name):
        return any(name in scope for scope in self._comprehension_scopes)

    def _bind(self, target):
        """A binding target: a name, a tuple or list of targets, or an attribute or subscript
        (which loads its object)."""
        self.visit(target)

    # ---- statements whose parts run out of source order ----

    def visit_Assign(self, node):
        self.visit(node.value)
        for target in node.targets:
            self._bind(target)

    def visit_AugAssign(self, node):
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            name = node.target.id
            if name not in self.bound:
                self.module_reads.add(name)
            self.updated.add(name)
            self.bound.add(name)
        else:
            self.visit(node.target)

    def visit_AnnAssign(self, node):
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
            self._bind(node.target)

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        # Even inside a comprehension, := binds in the enclosing (module) scope.
        self.bound.add(node.target.id)

    def visit_For(self, node):
        self.visit(node.iter)
        self._bind(node.target)
        self._visit_all(node.body)
        self._visit_all(node.orelse)

    visit_AsyncFor = visit_For

    def visit_withitem(self, node):
        self.visit(node.context_expr)
        if node.optional_vars is not None:
            self._bind(node.optional_vars)

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.bound.add(node.name)
        self._visit_all(node.body)

    def visit_Import(self, node):
        for alias in node.names:
            self.bound.add(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node):
        for alias in node.names:
            if alias.name != "*":
                self.bound.add(alias.asname or alias.name)

    def visit_Global(self, node):
        pass

    visit_Nonlocal = visit_Global

    def visit_Delete(self, node):
        # `del x` uses no value; what it removed is seen after the run.
        for target in node.targets:
            if not isinstance(target, ast.Name):
                self.visit(target)

    # ---- nested scopes: only what runs at definition time is walked here ----

    def visit_FunctionDef(self, node):
        self._visit_all(node.decorator_list)
        self._visit_arguments(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        self.bound.add(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._visit_arguments(node.args)

    def visit_ClassDef(self, node):
        self._visit_all(node.decorator_list)
        self._visit_all(node.bases)
        self._visit_all(node.keywords)
        self.bound.add(node.name)

    def _visit_arguments(self, arguments):
        self._visit_all(arguments.defaults)
        self._visit_all(d for d in arguments.kw_defaults if d is not None)
        every = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
        every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
        self._visit_all(a.annotation for a in every if a.annotation is not None)

    def visit_ListComp(self, node):
        self._visit_comprehension(node.generators, [node.elt])

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self._visit_comprehension(node.generators, [node.key, node.value])

    def _visit_comprehension(self, generators, results):
        # The first iterable is evaluated in the enclosing scope, before the loop variables exist.
        self.visit(generators[0].iter)
        scope = set()
        self._comprehension_scopes.append(scope)
        try:
            for index, generator in enumerate(generators):
                if index > 0:
                    self.visit(generator.iter)
                scope.update(_target_names(generator.target))
                self._visit_all(generator.ifs)
            self._visit_all(results)
        finally:
            self._comprehension_scopes.pop()

    # ---- patterns of match statements bind names ----

    def visit_MatchAs(self, node):
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        if node.name:
            self.bound.add(node.name)

    def visit_MatchMapping(self, node):
        if node.rest:
            self.bound.add(node.rest)
        self.generic_visit(node)

    # ---- magics: their arguments are code ----

    def visit_Call(self, node):
        self.generic_visit(node)
        for source in _magic_sources(node):
            self.add_source(source)

    def _visit_all(self, nodes):
        for node in nodes:
            self.visit(node)


def _target_names(target):
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _magic_sources(call):
    """The code a rewritten magic line or cell runs in the cells' namespace (the magics helper
    knows which of its arguments are code), or nothing for other calls."""
    function = call.func
    if not (
        isinstance(function, ast.Attribute)
        and function.attr in ("run_line_magic", "run_cell_magic")
        and _is_magics_import(function.value)
    ):
        return []
    arguments = [a.value for a in call.args if isinstance(a, ast.Constant)]
    if len(arguments) != len(call.args) or len(arguments) < 2:
        return []
    magics = sys.modules.get("_torchscript_magics")
    if magics is None:
        return []
    name, line = arguments[0], arguments[1]
    body = arguments[2] if function.attr == "run_cell_magic" and len(arguments) > 2 else None
    return magics.code_run_by(name, line, body)


def _is_magics_import(node):
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "__import__"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "_torchscript_magics"
    )
