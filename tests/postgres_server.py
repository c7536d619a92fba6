"""A PostgreSQL server for the tests: the one of ``$GEO_TEST_POSTGRES_URL`` when set (a superuser, or
one who may create databases and roles, e.g. ``postgresql://geo:pw@127.0.0.1:5432/postgres``), else
a throwaway cluster: ``initdb`` into a temporary folder and ``pg_ctl start`` on a free port of
127.0.0.1 (its socket in that folder too), stopped and removed at the end; none when PostgreSQL is
not installed (the tests are then skipped, unless ``$GEO_TEST_POSTGRES_REQUIRED`` is set). As
root, the cluster is made and run by the ``postgres`` user (initdb refuses root). Connections over
TCP need the password, so that the tests see what a team's server asks.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

__all__ = ["ENV_URL", "REQUIRED", "find_bindir", "server_url", "throwaway_cluster", "database", "has_postgis"]

ENV_URL = "GEO_TEST_POSTGRES_URL"
REQUIRED = "GEO_TEST_POSTGRES_REQUIRED"  # set (by .ci/run): no PostgreSQL fails the tests instead of skipping them
SUPERUSER = "geo"


def find_bindir() -> Path | None:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl): the newest under /usr/lib/postgresql
    (Debian), else the one on PATH; None when there is none."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if
                   p.parts[-3].isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str], owner: pwd.struct_passwd | None) -> list[str]:
    return command if owner is None else ["runuser", "-u", owner.pw_name, "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[sa.URL]:
    """A new cluster of ``bindir``'s PostgreSQL, running while in the block; the URL of its maintenance
    database as superuser ``geo`` with a password (see the module's docstring)."""
    try:
        owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    except KeyError as err:  # Debian's postgresql-common makes this user
        raise RuntimeError("initdb refuses to run as root, and there is no 'postgres' user to run it as: install "
                           "Debian's postgresql package, or run the tests as another user") from err
    folder = Path(tempfile.mkdtemp(prefix="geo-pg-"))
    password = secrets.token_urlsafe(12)
    try:
        (folder / "pw").write_text(password + "\n")
        if owner is not None:
            for path in (folder, folder / "pw"):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        made = subprocess.run(_as_owner([str(bindir / "initdb"), "-D", str(folder / "data"), "-U", SUPERUSER,
                                         f"--pwfile={folder / 'pw'}", "--auth-local=trust",
                                         "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"],
                                        owner), capture_output=True, text=True)
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {made.stderr or made.stdout}")
        for _ in range(3):  # a free port may be taken between the probe and the start
            port = _free_port()
            settings = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
            started = subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-l",
                                                str(folder / "log"), "-w", "-t", "60", "-o", settings, "start"],
                                               owner), capture_output=True, text=True)
            if started.returncode == 0:
                break
        else:
            log = (folder / "log").read_text() if (folder / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr or started.stdout}\n{log}")
        try:
            yield sa.URL.create("postgresql+psycopg", username=SUPERUSER, password=password, host="127.0.0.1",
                                port=port, database="postgres")
        finally:
            subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w",
                                      "stop"], owner), capture_output=True, text=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def server_url() -> Iterator[sa.URL | None]:
    """The URL of the tests' server (``$GEO_TEST_POSTGRES_URL``, else a throwaway cluster); None when
    neither is there (no PostgreSQL installed)."""
    if os.environ.get(ENV_URL):
        yield sa.make_url(os.environ[ENV_URL])
        return
    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    with throwaway_cluster(bindir) as url:
        yield url


def has_postgis(url: sa.URL) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
                                ).first() is not None
    finally:
        engine.dispose()


@contextmanager
def database(server: sa.URL, name: str, *, template: str | None = None, owner: str | None = None
             ) -> Iterator[sa.URL]:
    """A new database ``name`` on ``server`` (copied from ``template``, owned by ``owner``) while in the
    block, dropped after it; its URL."""
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    quote = admin.dialect.identifier_preparer.quote
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)"))
            conn.execute(sa.text(f"CREATE DATABASE {quote(name)}" + (f" TEMPLATE {quote(template)}" if template else "")
                                 + (f" OWNER {quote(owner)}" if owner else "")))
        try:
            yield server.set(database=name)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)"))
    finally:
        admin.dispose()
