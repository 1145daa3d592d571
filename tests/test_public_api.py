"""The public surface: derived from the package (as httpx's test does), homed, documented, and
every family reachable from the client, the emulator and the command line."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types

import pytest

import videosdk_async as vs
from videosdk_async import resources
from videosdk_async.cli import FAMILIES as CLI_FAMILIES
from videosdk_async.emulator import routes
from videosdk_async.emulator.routes import FAMILIES as EMULATOR_FAMILIES
from videosdk_async.resources._base import Resource


def _public_names() -> list[str]:
    """What ``import videosdk_async`` offers: every name not private and not a submodule."""
    return sorted(
        name
        for name, value in vars(vs).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    )


def test_all_lists_exactly_the_public_names_sorted() -> None:
    """__all__ holds every public name of the package, and nothing else (ruff's RUF022 keeps
    it sorted, constants first)."""
    assert len(vs.__all__) == len(set(vs.__all__))
    assert sorted(set(vs.__all__) - {"__version__"}) == _public_names()


def test_public_names_are_homed_in_the_package() -> None:
    """Every public class and function reports videosdk_async as its module."""
    for name in vs.__all__:
        obj = getattr(vs, name)
        if not isinstance(obj, str | frozenset | tuple):
            assert obj.__module__ == "videosdk_async", name


def test_every_public_name_is_documented() -> None:
    """Every public class and function has a docstring."""
    for name in vs.__all__:
        obj = getattr(vs, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__doc__, name


def _family_modules(package: types.ModuleType) -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")
    )


def _reachable_resources(sdk: vs.AsyncVideoSDK) -> set[type]:
    """Every resource class reachable from the client's attributes, nested ones included."""
    found: set[type] = set()
    todo: list[object] = [sdk]
    while todo:
        current = todo.pop()
        for name in dir(current):
            if name.startswith("_"):
                continue
            value = getattr(current, name, None)
            if isinstance(value, Resource) and type(value) not in found:
                found.add(type(value))
                todo.append(value)
    return found


def test_every_resource_family_is_reachable_from_the_client() -> None:
    """Each public resource class of resources/ hangs off AsyncVideoSDK (directly or nested)."""
    sdk = vs.AsyncVideoSDK(api_key="key", secret="secret")
    defined = {
        cls
        for name in _family_modules(resources)
        for _, cls in inspect.getmembers(
            importlib.import_module(f"videosdk_async.resources.{name}")
        )
        if inspect.isclass(cls) and issubclass(cls, Resource) and cls.__name__.startswith("Async")
    }

    assert defined - _reachable_resources(sdk) == set()


def test_every_emulator_family_module_is_served() -> None:
    """Each module of emulator/routes/ is listed, so its routes are served."""
    listed = {
        importlib.import_module(f"videosdk_async.emulator.routes.{name}").family
        for name in _family_modules(routes)
    }

    assert listed == set(EMULATOR_FAMILIES)


def test_every_cli_family_module_is_on_the_command_line() -> None:
    """Each command module of cli/ is listed, so its commands are reachable."""
    from videosdk_async import cli

    assert set(_family_modules(cli)) == set(CLI_FAMILIES)


@pytest.mark.parametrize("family", EMULATOR_FAMILIES, ids=lambda f: f.name)
def test_every_emulator_family_answers_what_the_sdk_calls(family: object) -> None:
    """Each emulator family serves at least one API route."""
    assert family.routes  # type: ignore[attr-defined]


def test_py_typed_is_shipped() -> None:
    """The package ships py.typed, so type checkers use its annotations."""
    from importlib.resources import files

    assert files("videosdk_async").joinpath("py.typed").is_file()
