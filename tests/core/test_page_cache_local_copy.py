"""Each worker's in-memory copy of the pages it served stays within its byte budget, oldest out first,
so a worker under a crawl of many pages does not grow without bound."""

from core.page_cache import _LocalEntries


def _entry(size: int) -> dict:
    return {"generation": "g", "status": 200, "content": b"x" * size, "headers": [], "tokens": False}


def test_the_least_recently_served_page_leaves_first_when_the_budget_is_full(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 250
    entries = _LocalEntries()
    entries.put("home", _entry(100))
    entries.put("shop", _entry(100))
    assert entries.get("home") is not None  # served again: now the most recent
    entries.put("give", _entry(100))

    assert entries.get("shop") is None
    assert entries.get("home") is not None
    assert entries.get("give") is not None


def test_a_page_larger_than_the_budget_is_not_kept_and_zero_turns_the_copy_off(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 150
    entries = _LocalEntries()
    entries.put("home", _entry(100))
    entries.put("huge", _entry(151))
    assert entries.get("huge") is None
    assert entries.get("home") is not None

    settings.PAGE_CACHE_LOCAL_BYTES = 0
    entries.put("shop", _entry(10))
    assert entries.get("shop") is None


def test_replacing_a_page_counts_its_bytes_once(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 250
    entries = _LocalEntries()
    for _ in range(5):
        entries.put("home", _entry(100))
    entries.put("shop", _entry(100))

    assert entries.get("home") is not None
    assert entries.get("shop") is not None
