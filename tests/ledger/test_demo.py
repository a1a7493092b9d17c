import io

import pytest

from ledger import demo
from ledger.models import AllocationRule, Posting
from ledger.types import Channel, RuleTarget

pytestmark = pytest.mark.django_db


def test_the_demo_seed_sets_up_every_channel_s_rules_once_and_books_nothing_by_hand():
    demo.seed(stdout=io.StringIO())
    rules = AllocationRule.objects.count()
    defaults = set(AllocationRule.objects.filter(target=RuleTarget.DEFAULT).values_list("key", flat=True))
    assert {Channel.SHOP, Channel.DONATIONS, Channel.SPONSORSHIPS} <= defaults
    # Postings come from the shop's and donations' demo orders and gifts, through their services.
    assert not Posting.objects.exists()
    demo.seed(stdout=io.StringIO())
    assert AllocationRule.objects.count() == rules
