"""The commands of ``python -m geo`` (``geo.__main__`` parses and dispatches), one module a group.

Each command module has ``add_parsers(commands)`` (its sub-commands added to the parser) and
``COMMANDS`` (sub-command name -> handler ``args -> exit status``): ``extract`` (events, claims,
mentions: no store), ``places`` (the store of added places), ``workspace`` (ingest, records,
review, import, positions: the analyst's store). ``output`` is where they write. A handler raises
``geo.errors.GeoError`` for bad input; ``geo.__main__`` logs it in one line and exits 2.
"""
