"""``migration-harness``: apply a changelog with the native runner, without the JVM.

    migration-harness --url mysql://root@127.0.0.1:3307/app --changelog db/master.xml status
    migration-harness --url ... --changelog ... update
    migration-harness --url ... --changelog ... rollback-count 2

The URL's password is never printed; prefer MH_PASSWORD over putting it in the URL.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..errors import HarnessError
from .loader import load_changelog
from .native import NativeRunner


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="migration-harness", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="mysql://user@host:port/database")
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from sqlalchemy.engine import make_url

    from ..engines.mysql import MySQLEngine

    try:
        url = make_url(args.url)
        if os.environ.get("MH_PASSWORD"):
            url = url.set(password=os.environ["MH_PASSWORD"])
        if url.get_backend_name() not in ("mysql", "mariadb"):
            raise HarnessError(f"only MySQL/MariaDB URLs are supported, not {url.get_backend_name()!r}")
        properties = dict(p.split("=", 1) for p in args.props if "=" in p)
        log = load_changelog(args.changelog, properties)
        engine = MySQLEngine(url)
        try:
            runner = NativeRunner(engine, log, contexts=args.contexts, labels=args.labels)
            if args.command == "status":
                pending = runner.status()
                print(f"{len(pending)} changesets have not been applied to {url.render_as_string(hide_password=True)}")
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
            engine.close()
    except HarnessError as exc:
        print(f"migration-harness: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
