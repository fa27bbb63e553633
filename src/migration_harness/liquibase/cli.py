"""``migration-harness``: apply a changelog with the native runner, without the JVM.

    MH_PASSWORD=... migration-harness --url mysql://root@127.0.0.1:3307/app --changelog db/master.xml status
    migration-harness --url ... --changelog ... update
    migration-harness --url ... --changelog ... rollback-count 2

The password comes from the environment (MH_PASSWORD), so it never has to be in argv, where every user of
the machine can read it in the process list; a password in --url still works, with a warning. No output
or error shows it. Ctrl-C or SIGTERM during update/rollback releases DATABASECHANGELOGLOCK and says what
state the interrupted changeset is in (exit 130, or 143 for SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

from ..errors import HarnessError
from .loader import load_changelog
from .native import NativeRunner

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

PASSWORD_ENV = "MH_PASSWORD"
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + the signal number, as shells report it


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop, release the lock, say what state is left."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="migration-harness",
        description=__doc__.split("\n\n")[0],
        epilog=f"environment: {PASSWORD_ENV}  the database password (preferred: a password in --url is "
        "visible to every user in the process list); it wins over one in --url",
    )
    parser.add_argument("--url", required=True, help=f"mysql://user@host:port/database (password: {PASSWORD_ENV})")
    parser.add_argument("--changelog", required=True, help="master .xml or formatted .sql changelog")
    parser.add_argument("--contexts")
    parser.add_argument("--labels")
    parser.add_argument("-D", dest="props", action="append", default=[], metavar="NAME=VALUE")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="list pending changesets")
    sub.add_parser("update", help="apply pending changesets")
    sub.add_parser("validate", help="report checksum drift")
    rollback = sub.add_parser("rollback-count", help="roll back the last N changesets")
    rollback.add_argument("count", type=int)
    return parser


def _url(text: str) -> tuple[URL, list[str]]:
    """The URL with the password from the environment; the secrets to keep out of every message."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
        url.port  # noqa: B018 - parsed lazily; a bad port would fail later, with the URL in the message
    except (ArgumentError, ValueError):
        raise HarnessError("--url is not a URL like mysql://user@host:port/database") from None
    secrets = [url.password] if url.password else []
    if url.password:
        print(
            f"migration-harness: warning: the password in --url is visible in the process list; set {PASSWORD_ENV} "
            "instead",
            file=sys.stderr,
        )
    if os.environ.get(PASSWORD_ENV):
        url = url.set(password=os.environ[PASSWORD_ENV])
        secrets.append(os.environ[PASSWORD_ENV])
    if url.get_backend_name() not in ("mysql", "mariadb"):
        raise HarnessError(f"only MySQL/MariaDB URLs are supported, not {url.get_backend_name()!r}")
    return url, [s for s in secrets if s]


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, ``kill``) raises like Ctrl-C, so the same cleanup runs."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated("terminated (SIGTERM)")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace, url: URL) -> int:
    from ..engines.mysql import MySQLEngine

    properties = dict(p.split("=", 1) for p in args.props if "=" in p)
    log = load_changelog(args.changelog, properties)
    shown = url.render_as_string(hide_password=True)
    try:
        engine = MySQLEngine(url)
    except Exception as exc:  # the driver's words (no password in them), not its traceback
        raise HarnessError(f"cannot connect to {shown}: {type(exc).__name__}: {exc}") from None
    runner = NativeRunner(engine, log, contexts=args.contexts, labels=args.labels, reopen=lambda: MySQLEngine(url))
    try:
        if args.command == "status":
            pending = runner.status()
            print(f"{len(pending)} changesets have not been applied to {shown}")
            for cs in pending:
                print(f"     {cs.key}")
        elif args.command == "update":
            before = len(runner.applied())
            runner.update()
            print(f"applied {len(runner.applied()) - before} changesets")
        elif args.command == "validate":
            problems = runner.validate()
            for problem in problems:
                print(problem)
            return 1 if problems else 0
        else:
            runner.rollback_count(args.count)
            print(f"rolled back {args.count} changesets")
    finally:
        runner.engine.close()  # the runner's engine: a fresh one if an interrupt replaced the first
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    secrets: list[str] = []
    try:
        with _sigterm_interrupts():
            url, secrets = _url(args.url)
            return _run(args, url)
    except HarnessError as exc:
        print(_redact(f"migration-harness: {exc}", secrets), file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:  # native.Interrupted says what state is left; a bare one held no lock
        text = str(exc) or "interrupted (Ctrl-C)"
        print(_redact(f"migration-harness: {text}", secrets), file=sys.stderr)
        return EXIT_TERMINATED if isinstance(exc, Terminated) or "SIGTERM" in text else EXIT_INTERRUPTED
    except Exception as exc:  # e.g. the server went away: its words, never a password
        print(_redact(f"migration-harness: {type(exc).__name__}: {exc}", secrets), file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
