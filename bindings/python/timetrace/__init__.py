"""timetrace: SQL over compiler time traces, a SQLite extension.

    import sqlite3, timetrace
    db = sqlite3.connect(":memory:")
    timetrace.load(db)
    db.execute("SELECT count(*) FROM trace_events(?)", ("trace.json",)).fetchone()

load(conn) loads the extension into a sqlite3.Connection (or any
connection with enable_load_extension and load_extension: sqlean.py's,
pysqlite3's); loadable_path() is the library's path without its suffix,
what load_extension() and the sqlite3 shell's .load take.
"""
import os

__version__ = "@VERSION@"

_NO_LOAD_EXTENSION = (
    "timetrace: this Python's sqlite3 module cannot load extensions "
    "(the connection has no enable_load_extension: Python was built without "
    "--enable-loadable-sqlite-extensions, as macOS' system Python and some "
    "pyenv builds are). Use a Python that can: Debian's or Ubuntu's python3, "
    "python.org's installers, Homebrew's, or pyenv with "
    "PYTHON_CONFIGURE_OPTS=--enable-loadable-sqlite-extensions; or the "
    "sqlean.py package (import sqlean as sqlite3), whose connections can."
)


def loadable_path():
    """The library's path without its suffix (.so): what load_extension() takes."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "timetrace")


def load(conn):
    """Load timetrace into conn; extension loading is switched off again after."""
    if not hasattr(conn, "enable_load_extension"):
        raise RuntimeError(_NO_LOAD_EXTENSION)
    conn.enable_load_extension(True)
    try:
        conn.load_extension(loadable_path())
    finally:
        conn.enable_load_extension(False)
