"""On PostgreSQL the database itself guards the books, whatever code runs against it:

- a deferred constraint trigger checks at commit that every posting touched sums to zero per currency;
- rows of postings, entries and tags cannot be updated or deleted (TRUNCATE, used by test teardown
  and by a deliberate reset, is not a row operation and still works).

SQLite relies on the services' check before commit and the models' append-only guards.
"""

from django.db import migrations

BALANCE_CHECK = """
CREATE OR REPLACE FUNCTION ledger_posting_balanced() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM ledger_entry WHERE posting_id = NEW.posting_id
        GROUP BY amount_currency HAVING SUM(amount) <> 0
    ) THEN
        RAISE EXCEPTION 'ledger posting % does not sum to zero', NEW.posting_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_posting_balanced();

CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only; post a reversal instead', TG_TABLE_NAME;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_postingtag_append_only BEFORE UPDATE OR DELETE ON ledger_postingtag
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS ledger_postingtag_append_only ON ledger_postingtag;
DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry;
DROP TRIGGER IF EXISTS ledger_posting_append_only ON ledger_posting;
DROP FUNCTION IF EXISTS ledger_append_only();
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_posting_balanced();
"""


def create_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BALANCE_CHECK, params=None)


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_accounts_and_finance_group")]

    operations = [migrations.RunPython(create_guards, drop_guards)]
