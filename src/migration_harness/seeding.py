"""The seed: the functions that put data shapes into the pre-migration schema.

A spec's ``[seed] module`` supplies them in Python; ``[generate]`` derives them from the schema. With
both, a function the module defines replaces the generated one (so a module may define only what TOML
cannot say), and the module can call the generated one through ``generated`` (e.g. to extend its shapes).
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .engines import Engine
from .errors import HarnessError
from .generators.generated import GeneratedSeed
from .spec import MigrationSpec

Engines = dict[str, Engine]
FUNCTIONS = ("shapes", "fixed_shape", "load", "app_writes", "bulk")


@dataclass(frozen=True)
class Seeder:
    module: ModuleType | None
    generated: GeneratedSeed | None = None

    def has(self, name: str) -> bool:
        return callable(getattr(self.module, name, None)) or (self.generated is not None and name in FUNCTIONS)

    def _function(self, name: str) -> Callable[..., Any]:
        function = getattr(self.module, name, None)
        if callable(function):
            return function
        if self.generated is not None and name in FUNCTIONS:
            return getattr(self.generated, name)
        where = self.module.__file__ if self.module is not None else "the spec"
        raise HarnessError(f"seed module {where} defines no {name}()")

    def learn(self, engines: Engines) -> None:
        """Databases at the baseline: the generated parts read the pre-migration schema from them once."""
        if self.generated is not None:
            self.generated.learn(engines)

    def shapes(self) -> Any:
        return self._function("shapes")()

    def fixed_shape(self) -> Any:
        return self._function("fixed_shape")()

    def load(self, engines: Engines, shape: Any) -> None:
        self.learn(engines)
        self._function("load")(engines, shape)

    def app_writes(self, engines: Engines) -> None:
        """Writes what the application would after the migration (to tables that exist before and after it)."""
        self._function("app_writes")(engines)

    def remember_migrated(self, engines: Engines) -> None:
        """A migrated run's schema, for the generated application writes (see GeneratedSeed.app_writes)."""
        if self.generated is not None:
            self.generated.remember_migrated(engines)

    def bulk(self, engines: Engines, scale: int) -> None:
        self.learn(engines)
        self._function("bulk")(engines, scale)


_cache: dict[Path, Seeder] = {}
_modules: dict[Path, ModuleType] = {}


def _failure_line(path: Path, exc: BaseException) -> int | None:
    """The line of ``path`` that raised: a SyntaxError's own, else the deepest traceback frame in the file."""
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).resolve() == path:
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if Path(frame.f_code.co_filename).resolve() == path:
            line = lineno
    return line


def import_seed_module(path: Path, spec_path: Path) -> ModuleType:
    """Import the seed module once per process; a module that fails to import is one HarnessError."""
    if path in _modules:
        return _modules[path]
    name = f"migration_harness_seed_{abs(hash(path))}"
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise HarnessError(f"{spec_path}: seed.module: cannot import {path}")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module  # dataclasses and pickling look their module up here
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:  # the seed's own bug, whatever it is: named, without our traceback
        del sys.modules[name]
        line = _failure_line(path, exc)
        where = f"{path}:{line}" if line else str(path)
        detail = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise HarnessError(
            f"{where}: seed module (seed.module of {spec_path.name}) fails to import: {type(exc).__name__}: {detail}"
        ) from None
    _modules[path] = module
    return module


def load_seeder(spec: MigrationSpec) -> Seeder | None:
    if spec.seed is None and spec.generate is None:
        return None
    generated = GeneratedSeed(spec) if spec.generate is not None else None
    if spec.seed is None:
        return Seeder(None, generated)
    path = spec.seed.module
    if path not in _cache:
        module = import_seed_module(path, spec.path)
        setattr(module, "generated", generated)  # noqa: B010 - the module may extend the generated seed
        _cache[path] = Seeder(module, generated)
    return _cache[path]
