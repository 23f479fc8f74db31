"""The admin CLI of the library's organisations and accounts:

    python -m sim.library.accounts create-organisation NAME
    python -m sim.library.accounts create-account --organisation ORG --login LOGIN --role planner
    python -m sim.library.accounts reset-password --login LOGIN
    python -m sim.library.accounts list [--organisation ORG]

The database is ``--database URL``, else ``PLANNER_DATABASE_URL``, else the local file. A
password is never an argument: it is asked twice at a terminal, else read as one line of
standard input. Bad input prints one message naming the field and exits 2, never a traceback."""

from __future__ import annotations

import argparse
import getpass
import sys

from sim.library.errors import InvalidInput, LibraryError
from sim.library.models import ROLES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sim.library.accounts",
                                     description="Manage the library's organisations and accounts.")
    parser.add_argument("--database", metavar="URL", help="database URL (default: PLANNER_DATABASE_URL or the local file)")
    sub = parser.add_subparsers(dest="command", required=True)
    org = sub.add_parser("create-organisation", help="a new organisation")
    org.add_argument("name")
    account = sub.add_parser("create-account", help="a new account; its password is asked (or read from stdin)")
    account.add_argument("--organisation", required=True)
    account.add_argument("--login", required=True)
    account.add_argument("--role", required=True, choices=ROLES)
    reset = sub.add_parser("reset-password", help="a new password (asked or read from stdin); the account's sessions end")
    reset.add_argument("--login", required=True)
    listing = sub.add_parser("list", help="organisations and accounts")
    listing.add_argument("--organisation")
    return parser


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise InvalidInput("password", "the two entries differ", "两次输入不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from sim.library.passwords import check_password
    from sim.library.store import open_library

    try:
        library = open_library(args.database)
    except Exception as exc:  # a URL or server the library cannot open: one line, no traceback
        print(f"error: --database / PLANNER_DATABASE_URL: cannot open the library: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    try:
        if args.command == "create-organisation":
            library.create_organisation(args.name)
            print(f"organisation {args.name.strip()!r} created")
        elif args.command == "create-account":
            account = library.create_account(args.organisation, args.login, check_password(_password()), args.role)
            print(f"account {account.login!r} ({account.role}) created in {account.organisation!r}")
        elif args.command == "reset-password":
            library.reset_password(args.login, check_password(_password()))
            print(f"password of {args.login!r} reset; its sessions ended")
        else:
            for _, name in library.organisations():
                if args.organisation in (None, name):
                    print(name)
                    for account in library.accounts(name):
                        print(f"  {account.login}\t{account.role}")
    except LibraryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
