"""Loads the spec's seed module: the functions that put data shapes into the pre-migration schema."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .engines import Engine
from .errors import HarnessError
from .spec import MigrationSpec

Engines = dict[str, Engine]


@dataclass(frozen=True)
class Seeder:
    module: ModuleType

    def has(self, name: str) -> bool:
        return callable(getattr(self.module, name, None))

    def _function(self, name: str) -> Callable[..., Any]:
        function = getattr(self.module, name, None)
        if function is None:
            raise HarnessError(f"seed module {self.module.__file__} defines no {name}()")
        return function

    def shapes(self) -> Any:
        return self._function("shapes")()

    def fixed_shape(self) -> Any:
        return self._function("fixed_shape")()

    def load(self, engines: Engines, shape: Any) -> None:
        self._function("load")(engines, shape)

    def app_writes(self, engines: Engines) -> None:
        """Writes what the application would after the migration (to tables that exist before and after it)."""
        self._function("app_writes")(engines)

    def bulk(self, engines: Engines, scale: int) -> None:
        self._function("bulk")(engines, scale)


_cache: dict[Path, Seeder] = {}


def load_seeder(spec: MigrationSpec) -> Seeder | None:
    if spec.seed is None:
        return None
    path = spec.seed.module
    if path not in _cache:
        name = f"migration_harness_seed_{abs(hash(path))}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        if module_spec is None or module_spec.loader is None:
            raise HarnessError(f"{spec.path}: seed.module: cannot import {path}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module  # dataclasses and pickling look their module up here
        module_spec.loader.exec_module(module)
        _cache[path] = Seeder(module)
    return _cache[path]
