"""Public pages stay cheap: a bounded number of queries per page view, whatever the content."""

import io

import pytest

from cms import demo

# Measured on the demo site: 9-11 queries once the menu, settings and renditions are warm.
QUERY_BUDGET = 14


@pytest.fixture
def seeded(db):
    demo.seed(stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/about/", "/get-educated/", "/impact/", "/contact/"])
def test_public_pages_render_within_a_query_budget(client, seeded, path, django_assert_max_num_queries):
    client.get(path)  # warm the menu, settings and rendition caches as a running site has them

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(path)

    assert response.status_code == 200
