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

    @property
    def name(self) -> str:
        return Path(self.module.__file__ or "seed").name

    def _function(self, name: str, required: bool = True) -> Callable[..., Any] | None:
        function = getattr(self.module, name, None)
        if function is None and required:
            raise HarnessError(f"seed module {self.module.__file__} defines no {name}()")
        return function

    def shapes(self) -> Any:
        return self._function("shapes")()  # type: ignore[misc]

    def fixed_shape(self) -> Any:
        return self._function("fixed_shape")()  # type: ignore[misc]

    def load(self, engines: Engines, shape: Any) -> None:
        self._function("load")(engines, shape)  # type: ignore[misc]

    def app_writes(self, engines: Engines) -> bool:
        """Writes what the application would after the migration; False when the module declares none."""
        function = self._function("app_writes", required=False)
        if function is None:
            return False
        function(engines)
        return True

    def bulk(self, engines: Engines, scale: int) -> None:
        self._function("bulk")(engines, scale)  # type: ignore[misc]


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
