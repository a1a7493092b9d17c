import io

import pytest

from ledger import demo, selectors
from ledger.models import AllocationRule, Entry, Posting

pytestmark = pytest.mark.django_db


def test_the_demo_seed_fills_the_books_and_running_it_twice_doubles_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=io.StringIO())
    counts = (AllocationRule.objects.count(), Posting.objects.count(), Entry.objects.count())
    assert counts[1] >= 50
    figures = {figure.fund_slug: figure for figure in selectors.impact_figures()}
    assert figures["survivor-wages"].total.amount > 0
    assert figures["counseling"].units > 0
    demo.seed(stdout=io.StringIO())
    assert (AllocationRule.objects.count(), Posting.objects.count(), Entry.objects.count()) == counts
