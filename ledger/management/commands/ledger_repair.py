"""Find postings that the old double counting of labour minutes inflated and, with --apply, correct
them with a reversing-and-re-posting repair posting (rows are never edited)."""

from django.core.management.base import BaseCommand, CommandError

from ledger import services
from ledger.audit import audit_source, snapshots
from ledger.errors import LedgerError

from ._dates import parse_date

MEMO = "Repair: labour minutes had been multiplied by the quantity twice"


class Command(BaseCommand):
    help = (
        "Report postings inflated by labour minutes counted quantity x quantity (and other differences "
        "it cannot repair); --apply posts a repair for each inflated one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only payments settled on or after this date (YYYY-MM-DD)")
        parser.add_argument("--apply", action="store_true", help="post the repairs (default: report only)")

    def handle(self, *args, since=None, apply=False, **options):
        inflated = repaired = other = 0
        for snapshot in snapshots(since=parse_date(since)):
            now = audit_source(snapshot)
            if not now.differences:
                continue
            if audit_source(snapshot, labour_counted_twice=True).differences:
                other += 1
                self.stdout.write(f"{snapshot.source}: differs for another reason; see ledger_audit")
                continue
            inflated += 1
            self.stdout.write(f"{snapshot.source}: inflated by the labour double counting")
            for key in dict.fromkeys([*now.should_hold, *now.holds]):
                line, account, _fund, role, _rule, currency = key
                if role != "revenue":
                    continue
                should = now.should_hold.get(key)
                held = now.holds.get(key)
                if should != held:
                    self.stdout.write(
                        f"  {line or 'all lines'} {account}: holds {held.amount if held else 0}, "
                        f"should hold {should.amount if should else 0} {currency}"
                    )
            if apply:
                try:
                    posting = services.posting_repair(
                        source=snapshot.source, should_hold=now.should_hold, holds=now.holds, memo=MEMO
                    )
                except LedgerError as error:
                    raise CommandError(f"{snapshot.source}: {error}") from error
                repaired += 1
                self.stdout.write(f"  repaired by {posting.kind}")
        verb = "repaired" if apply else "would be repaired (run with --apply)"
        self.stdout.write(f"{inflated} inflated posting(s): {repaired if apply else inflated} {verb}.")
        if other:
            self.stdout.write(f"{other} source(s) differ for other reasons; run ledger_audit to see them.")
