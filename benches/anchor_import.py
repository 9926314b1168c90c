#!/usr/bin/env python3
"""The import anchor: a bare Python insert of the same rows elmeg-tui writes.

Reads every row of a cache that `elmeg-tui --refresh grateful-dead` wrote, then
writes them into a new file with the same schema and pragmas (WAL, synchronous
NORMAL), in one transaction, with executemany. Usage: anchor_import.py SOURCE DEST
"""
import sqlite3
import sys

TABLES = ["bands", "venues", "tours", "songs", "shows", "sets", "performances"]

source, dest = sys.argv[1], sys.argv[2]
src = sqlite3.connect(source)
# Tables and indexes in the order they were made, so every index follows its table.
schema = [sql for (sql,) in src.execute(
    "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL "
    "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
rows = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
src.close()

db = sqlite3.connect(dest, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
for sql in schema:
    db.execute(sql)
db.execute("BEGIN IMMEDIATE")
for table in TABLES:
    if rows[table]:
        marks = ",".join("?" * len(rows[table][0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
db.execute("COMMIT")
db.close()
print(f"{len(rows['performances'])} performances", file=sys.stderr)
