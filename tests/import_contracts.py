"""Two import-linter contracts its built-in ones cannot state (pyproject.toml, ``make lint``).

``acyclic_modules``: no import cycle between any two of our modules, counting imports inside functions and
under TYPE_CHECKING (grimp sees both). The built-in ``acyclic_siblings`` would also refuse cycles between
packages whose modules never form one. ``only_through``: a package imports another only through the modules
named (the platform uses a few of the kiosk core's).
"""

from __future__ import annotations

from typing import cast

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def cycles(graph: ImportGraph) -> list[list[str]]:
    """A shortest cycle through each import that closes one, each cycle once, as [a, b, …, a]."""
    found: dict[frozenset[str], list[str]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer) - {importer}):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                found.setdefault(frozenset(back), [importer, *back])
    return sorted(found.values())


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def wrong_imports(graph: ImportGraph, importers: str, imported: str, through: list[str]) -> list[tuple[str, str]]:
    """The direct imports of ``imported`` (or a module in it) by ``importers`` (or a module in it) not ``through``."""
    return sorted(
        (importer, target)
        for importer in {importers} | graph.find_descendants(importers)
        for target in graph.find_modules_directly_imported_by(importer)
        if _within(target, imported) and not any(_within(target, allowed) for allowed in through)
    )


class AcyclicModulesContract(Contract):
    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        found = cycles(graph)
        return ContractCheck(kept=not found, metadata={"cycles": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(" -> ".join(cycle))
        output.new_line()


class OnlyThroughContract(Contract):
    importers = fields.StringField()
    imported = fields.StringField()
    through = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        through = cast(list[str], self.through)
        wrong = wrong_imports(graph, cast(str, self.importers), cast(str, self.imported), through)
        return ContractCheck(kept=not wrong, metadata={"wrong": wrong})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported in check.metadata["wrong"]:
            output.print_error(f"{importer} imports {imported}", bold=False)
        output.new_line()
