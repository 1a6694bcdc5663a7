"""The data revision: one number that changes with every write to the data the paper, the
appendices and the dashboard read, whatever made the write.

Database triggers on every table of the data apps bump it, so `save()`, `update()`,
`bulk_create()`, a workbook import, a raw SQL statement and a history revert all count, and no
code path can forget to. The triggers are (re)installed after every migrate, so a model added
later is covered too. Caches key what they keep by it (opsreport/paper/pdf.py, the dashboard):
a cached PDF is served without assembling the paper to find out whether it is still current.

The bump is an UPDATE of one row inside the writing transaction: readers see the new number
only once the data it stands for is committed, so nothing is cached under a number for data
it does not have. (On PostgreSQL the row is locked until the writer commits, so writers of
the data queue briefly behind each other; writes here are a few an hour.)
"""

from django.apps import apps
from django.db import connections

from opsreport.roles import DATA_APPS

TABLE = "opsreport_datarevision"
_EVENTS = ["INSERT", "UPDATE", "DELETE"]


def current(using="default"):
    """The revision now, as this connection sees it."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def lock(using="default"):
    """Hold the data for writing until the transaction ends: a second writer that takes this
    lock waits, then reads what the first wrote. Call inside transaction.atomic()."""
    with connections[using].cursor() as cursor:
        suffix = " FOR UPDATE" if connections[using].features.has_select_for_update else ""
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1{suffix}")


def tracked_tables():
    """Every table of the data apps' models (many-to-many tables included), but the revision's own."""
    tables = set()
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    tables.discard(TABLE)
    return sorted(tables)


def _trigger_name(table, event=""):
    return f"opsrev_{table}{'_' + event.lower() if event else ''}"[:63]


def install_triggers(using="default", **kwargs):
    """Create the revision row and a trigger on every tracked table. Idempotent; a post_migrate receiver."""
    db = connections[using]
    with db.cursor() as cursor:
        if TABLE not in db.introspection.table_names(cursor):
            return  # before opsreport's migration has made the table
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE id = 1")
        if cursor.fetchone()[0] == 0:
            cursor.execute(f"INSERT INTO {TABLE} (id, value) VALUES (1, 1)")
        existing = set(db.introspection.table_names(cursor))
        if db.vendor == "postgresql":
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION opsrev_bump() RETURNS trigger AS $$
                BEGIN UPDATE {TABLE} SET value = value + 1 WHERE id = 1; RETURN NULL; END
                $$ LANGUAGE plpgsql"""
            )
            for table in tracked_tables():
                if table in existing:
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {_trigger_name(table)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                        f"ON {db.ops.quote_name(table)} FOR EACH STATEMENT EXECUTE FUNCTION opsrev_bump()"
                    )
        elif db.vendor == "sqlite":
            for table in tracked_tables():
                if table in existing:
                    for event in _EVENTS:
                        cursor.execute(
                            f"CREATE TRIGGER IF NOT EXISTS {_trigger_name(table, event)} AFTER {event} "
                            f"ON {db.ops.quote_name(table)} BEGIN UPDATE {TABLE} SET value = value + 1 WHERE id = 1; END"
                        )


def triggered_tables(using="default"):
    """The tracked tables that carry the revision trigger (for tests and checks)."""
    db = connections[using]
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            sql = "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s"
        else:
            sql = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
        cursor.execute(sql, ["opsrev_%"])
        return {row[0] for row in cursor.fetchall()}


_MISSING = object()
# Entries for an older revision are never read again; they expire, or the cache culls them
# when it is full (settings.CACHES: CACHE_MAX_ENTRIES).
TIMEOUT = 24 * 60 * 60


def cached(rev, name, compute, timeout=TIMEOUT):
    """compute() once per data revision, shared by every worker through the Django cache."""
    from django.core.cache import cache

    key = f"rev:{rev}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value
