"""Load benchmark: the project's anonymous pages under real load, as ratios to two baselines.

    python bench/bench_load.py              # 1,000 products, 50,000 orders, 200,000 gifts (~1,000,000 entries)
    python bench/bench_load.py --products 200 --orders 5000 --gifts 20000 --growth 1000 --rounds 2 --seconds 3
    DATABASE_URL=postgres://... python bench/bench_load.py   # webhook ingestion on PostgreSQL as well

Builds a throwaway SQLite database under the production settings (DEBUG off), serves the project and
its two peers (bench/peers: a bare Django view and a plain Wagtail listing of 100 pages) with gunicorn
(2 sync workers each) on 127.0.0.1, and drives each case with wrk (16 connections) in interleaved
rounds. Every figure is printed as a ratio to the bare view measured in the same round, so results
compare across machines; CPU ms per request and worker memory are read from /proc, queries per
request from one instrumented request. In-process cases (bench/load/inprocess.py): fund totals and a
year's fund report over the million entries, annual statements per donor, starting a gift against a
local Stripe double, the uncached catalogue at 26 / 1,000 / 5,000 products; webhook ingestion runs
bench_webhook.py (SQLite, and PostgreSQL when DATABASE_URL names one). Writes
bench/results/latest.md. Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import wrk  # noqa: E402
from bench.load.servers import Server  # noqa: E402

PORT_BASE = 9401  # project, bare, wagtail, project with the page cache off: four consecutive ports
GET_CASES = [
    "home",
    "catalogue",
    "catalogue_deep",
    "category",
    "product",
    "donate",
    "gifts_of_hope",
    "impact_api",
    "cart",  # without a session: the empty cart
]
# Served with the page cache off (PAGE_CACHE_SECONDS=0): what a visitor waits for on a miss.
UNCACHED_CASES = ["catalogue", "product"]


def project_env(directory: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": f"sqlite:///{directory / 'project.sqlite3'}",
        "MEDIA_ROOT": str(directory / "media"),
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": "dummymail://",  # the demo's emails are not the figures
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "PAYMENTS_DEMO": "1",
        "BENCH_DIR": str(directory),
        "PYTHONPATH": str(ROOT),
    }


def _python(module: str, env: dict, *args: str, capture: bool = False):
    began = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=capture,
        text=True,
    )
    if result.returncode:
        sys.stderr.write((result.stderr or "")[-3000:])
        raise SystemExit(f"{module} {' '.join(args)} failed (exit {result.returncode})")
    print(f"{module} {' '.join(args)}: {time.perf_counter() - began:.0f} s", flush=True)
    return result


def _json_of(module: str, env: dict, *args: str) -> dict:
    return json.loads(_python(module, env, *args, capture=True).stdout.strip().splitlines()[-1])


def catalogue_figure(env: dict) -> dict:
    """The in-process catalogue case in three fresh processes, the median of their medians: one
    process's median of a 5-9 ms view moved by a third between two runs on the same database."""
    runs = [_json_of("bench.load.inprocess", env, "catalogue") for _ in range(3)]
    return _middle(runs)


def _middle(runs: list[dict]) -> dict:
    middle = sorted(runs, key=lambda run: run["catalogue_ms"])[1]
    return middle | {"catalogue_ms_runs": [round(run["catalogue_ms"], 1) for run in runs]}


def snapshot(env: dict, path: Path) -> dict:
    """A consistent copy of the project's database as it is now (SQLite's online backup), and the
    environment that serves it."""
    source = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
    target = sqlite3.connect(path)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return {**env, "DATABASE_URL": f"sqlite:///{path}"}


def growth_side_by_side(small_env: dict, large_env: dict) -> list[dict]:
    """The catalogue at its smallest and largest size, measured alternately in fresh processes
    (small, large, small, ...) in the same minute, so the machine's drift over a run (it measured
    the sizes minutes apart and read 0.84-1.57 for one and the same code) falls on both alike."""
    runs: dict[str, list[dict]] = {"small": [], "large": []}
    for pair in range(1, 4):
        for size, env in (("small", small_env), ("large", large_env)):
            # Each pair shares a hash seed: dict and set layouts, one cause of the spread between
            # processes, are then the same for both sizes of a pair.
            paired = {**env, "PYTHONHASHSEED": str(pair)}
            runs[size].append(_json_of("bench.load.inprocess", paired, "catalogue"))
    return [_middle(runs["small"]), _middle(runs["large"])]


def prepare(directory: Path, *, products: int, orders: int, gifts: int) -> dict:
    env = project_env(directory)
    started = time.perf_counter()
    peer_env = {**os.environ, "BENCH_PEER_DB": str(directory / "peer.sqlite3"), "PYTHONPATH": str(ROOT)}
    # The plain Wagtail site migrates its own database meanwhile, on the other core.
    peer = subprocess.Popen(
        [sys.executable, "-m", "bench.peers.wagtail_listing.prepare"], cwd=ROOT, env=peer_env
    )
    _python("bench.load.dataset", env, "--seed", "--products", "0")
    small_env = snapshot(env, directory / "catalogue_smallest.sqlite3")
    moment = time.perf_counter()
    _python(
        "bench.load.dataset", env, "--products", str(products), "--orders", str(orders), "--gifts", str(gifts)
    )
    bulk_seconds = time.perf_counter() - moment
    middle = catalogue_figure(env)
    books = _json_of("bench.load.inprocess", env, "books")
    if peer.wait():
        raise SystemExit(f"bench.peers.wagtail_listing.prepare failed (exit {peer.returncode})")
    probe = _json_of("bench.load.probe", env)
    probe["queries_uncached"] = _json_of("bench.load.probe", {**env, "PAGE_CACHE_SECONDS": "0"})["queries"]
    seconds = time.perf_counter() - started
    print(f"data set ready in {seconds:.0f} s (bulk part {bulk_seconds:.0f} s)", flush=True)
    return probe | {
        "env": env,
        "peer_env": peer_env,
        "growth_middle": middle,
        "small_env": small_env,
        "books": books,
        "prepare_seconds": seconds,
        "bulk_seconds": bulk_seconds,
    }


def webhooks(events: int) -> str:
    """bench_webhook.py in the caller's environment: SQLite always, PostgreSQL when DATABASE_URL names one."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "webhook ingestion on PostgreSQL skipped: DATABASE_URL does not name a PostgreSQL server",
            flush=True,
        )
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_webhook.py"), "--events", str(events)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    text = "\n".join(line for line in result.stdout.splitlines() if " INFO " not in line)
    return text.strip() or f"(bench_webhook.py failed: {result.stderr.strip().splitlines()[-1:]})"


def _add_form(base: str, product_url: str, variant: int) -> tuple[str, dict]:
    """The add-to-cart form as a browser posts it from the (cached, cookieless) product page."""
    html = urllib.request.urlopen(base + product_url, timeout=10).read().decode()
    # A page shared from the cache carries no CSRF token; its form is checked by Origin instead.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    fields = {"variant": variant, "quantity": 1}
    if token:
        fields["csrfmiddlewaretoken"] = token.group(1)
    headers = {
        "Origin": base,
        "Referer": base + product_url,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return urllib.parse.urlencode(fields), headers


def returning_visitor_cookie(base: str, product_url: str, variant: int) -> str:
    """The cookies of a visitor whose first add to cart made their session, cart and line."""
    body, headers = _add_form(base, product_url, variant)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(
        urllib.request.Request(base + "/shop/cart/add/", data=body.encode(), headers=headers), timeout=10
    )
    if not any(cookie.name == "sessionid" for cookie in jar):
        raise SystemExit("the first add to cart set no session cookie")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def wrk_script(path: Path, *, method: str = "GET", body: str = "", headers: dict) -> Path:
    lines = [f"wrk.method = {json.dumps(method)}"] + ([f"wrk.body = {json.dumps(body)}"] if body else [])
    lines += [f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}" for name, value in headers.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def cart_scripts(directory: Path, base: str, product_url: str, variant: int) -> dict[str, Path]:
    """wrk scripts: add to cart by a returning visitor (every POST adds to the same line until its
    stock or per-line limit, then changes nothing), by a new visitor each time (every POST makes a
    session, a cart and a line), and the returning visitor's cart page."""
    body, headers = _add_form(base, product_url, variant)
    cookie = returning_visitor_cookie(base, product_url, variant)
    return {
        "returning": wrk_script(
            directory / "add_returning.lua", method="POST", body=body, headers={**headers, "Cookie": cookie}
        ),
        "new": wrk_script(directory / "add_new.lua", method="POST", body=body, headers=headers),
        "cart_page": wrk_script(directory / "cart_page.lua", headers={"Cookie": cookie}),
    }


def warm_up(url: str, *, attempts: int = 4) -> None:
    """First requests render image renditions and fill caches in each worker; none of that is measured."""
    for _ in range(attempts):
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()


def measure(server: Server, url: str, *, seconds: int, script: Path | None = None) -> dict:
    cpu_before = server.cpu_seconds()
    result = wrk.run(server.base + url, seconds=seconds, script=script)
    cpu = server.cpu_seconds() - cpu_before
    return {
        "rps": result.rps,
        "p50": result.p50_ms,
        "p99": result.p99_ms,
        "errors": result.errors,
        "cpu_ms": 1000 * cpu / max(result.requests, 1),
    }


def spread(values: list[float]) -> str:
    return f"{min(values):.3f}-{max(values):.3f}" if len(values) > 1 else "-"


def write_report(path: Path, rows: list[dict], meta: dict) -> str:
    lines = [
        "# Load benchmark: latest run",
        "",
        f"{meta['when']} · {meta['machine']} · {meta['products']:,} products · {meta['entries']:,} ledger entries · "
        f"gunicorn 2 sync workers, production settings on SQLite · wrk 16 connections · "
        f"{meta['rounds']} interleaved rounds of {meta['seconds']} s · whole run {meta['total_seconds']:.0f} s",
        "",
        "Ratio = requests/s of the case ÷ requests/s of the bare Django view in the same round (median over "
        "rounds; spread = min-max); ÷ plain Wagtail = the same against the plain Wagtail listing. Targets: "
        "cached anonymous pages ≥ 0.5 of the bare view; the catalogue with the page cache off ≥ 3 times the "
        "plain Wagtail listing; add to cart p99 < 50 ms. See bench/README.md.",
        "",
        "| case | ratio to bare view | spread | ÷ plain Wagtail | req/s (median) | CPU ms/request | p50 ms | p99 ms "
        "| queries | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['case']} | {row['ratio']:.3f} | {row['spread']} | {row['to_wagtail']:.1f} | {row['rps']:.0f} | "
            f"{row['cpu_ms']:.1f} | "
            f"{row['p50']:.1f} | {row['p99']:.1f} | {row['queries']} | {row['errors']} |"
        )
    lines += [
        "",
        f"Worker RSS after load (largest project worker): {meta['rss_mb']:.0f} MB (target ≤ 150 MB)",
        "",
    ]
    books = meta["books"]
    lines += [
        "## In-process cases (median ms of repeated calls, no HTTP)",
        "",
        f"Data set: {books['entries']:,} ledger entries, {books['balance_rows']:,} running-balance rows; "
        f"bulk seeding {meta['bulk_seconds']:.0f} s, whole preparation {meta['prepare_seconds']:.0f} s.",
        "",
        "| case | figure | target |",
        "|---|---:|---|",
        f"| fund totals (all public funds, all time, uncached) | {books['fund_totals_ms']:.1f} ms | < 50 ms |",
        f"| a year's fund report by month ({books['statements_year']}, {books['year_report_rows']} rows) | "
        f"{books['year_report_ms']:.1f} ms | < 50 ms |",
        f"| the same year by channel | {books['year_by_channel_ms']:.1f} ms | |",
        f"| `ledger_balances_check` ({books['balances_checked']:,} rows, {books['balances_differences']} differences) | "
        f"{books['balances_check_s']:.2f} s | 0 differences |",
        f"| annual statement per donor (PDF + email, {books['statements_sent']} sent of "
        f"{books['statement_donors_total']:,} donors of {books['statements_year']}) | "
        f"{books['statement_ms_per_donor']:.0f} ms | |",
        f"| starting a gift: donate form POST → Checkout Session on the local Stripe double "
        f"(statuses {books['gift_start_statuses']}) | {books['gift_start_ms']:.0f} ms | |",
        "",
        "## Catalogue growth (uncached: page cache off, in-process)",
        "",
        "Median of 60 calls in each of three fresh processes; the figure is the middle process's. The "
        "smallest and largest sizes are measured at the end, alternately (small, large, small, ...) in the "
        "same minute, the smallest on a copy of the database taken before the catalogue grew.",
        "",
        "| products | catalogue page 1 ms | the three processes | queries |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {g['products']:,} | {g['catalogue_ms']:.1f} | "
        f"{' / '.join(str(ms) for ms in g.get('catalogue_ms_runs', []))} | {g['queries']} |"
        for g in meta["growth"]
    ]
    first, last = meta["growth"][0], meta["growth"][-1]
    lines += [
        "",
        f"Time at {last['products']:,} ÷ time at {first['products']:,}: "
        f"{last['catalogue_ms'] / first['catalogue_ms']:.2f} (target ≤ 1.20)",
        "",
        "## Webhook ingestion (bench/bench_webhook.py)",
        "",
        "```",
        meta["webhooks"],
        "```",
        "",
        f"Load average (1 min) when the run began: {meta['load_before']:.1f}, when it ended: "
        f"{meta['load_after']:.1f}, on {os.cpu_count()} cores; above the core count, other work shared the "
        "machine and the absolute figures are inflated: the same-round ratios are the comparable ones.",
        "",
    ]
    text = "\n".join(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=50_000)
    parser.add_argument("--gifts", type=int, default=200_000)
    parser.add_argument("--growth", type=int, default=5000, help="catalogue size of the last growth step")
    parser.add_argument("--webhook-events", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "latest.md")
    parser.add_argument("--port-base", type=int, default=PORT_BASE, help="first of three local ports")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway directory")
    options = parser.parse_args()
    wrk.wrk_path()

    directory = Path(tempfile.mkdtemp(prefix="hopeworks-bench-"))
    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    facts = prepare(directory, products=options.products, orders=options.orders, gifts=options.gifts)
    servers = {
        "project": Server(
            name="project", app="config.wsgi:application", port=options.port_base, env=facts["env"], root=ROOT
        ),
        "bare": Server(
            name="bare",
            app="bench.peers.bare:application",
            port=options.port_base + 1,
            env=facts["peer_env"],
            root=ROOT,
        ),
        "wagtail": Server(
            name="wagtail",
            app="bench.peers.wagtail_listing.wsgi:application",
            port=options.port_base + 2,
            env=facts["peer_env"],
            root=ROOT,
        ),
        "uncached": Server(
            name="uncached",
            app="config.wsgi:application",
            port=options.port_base + 3,
            env={**facts["env"], "PAGE_CACHE_SECONDS": "0"},
            root=ROOT,
        ),
    }
    results: dict[str, list[dict]] = {}
    try:
        for server in servers.values():
            server.wait_ready()
        urls = facts["urls"]
        scripts = cart_scripts(directory, servers["project"].base, urls["product"], facts["variant"])
        cases = [
            ("bare Django view", "bare", "/", None),
            ("plain Wagtail listing (100 pages)", "wagtail", "/", None),
        ]
        cases += [(name, "project", urls[name], None) for name in GET_CASES if name in urls]
        cases += [(f"{name}, page cache off", "uncached", urls[name], None) for name in UNCACHED_CASES]
        cases += [
            ("cart page, a returning visitor with a line", "project", "/shop/cart/", scripts["cart_page"]),
            ("add to cart (POST), a returning visitor", "project", "/shop/cart/add/", scripts["returning"]),
            ("add to cart (POST), a new visitor each time", "project", "/shop/cart/add/", scripts["new"]),
        ]
        for _, server_name, url, lua in cases:
            if lua is None:  # scripted cases warm up under wrk itself (the POST URL answers GET with 405)
                warm_up(servers[server_name].base + url)
            wrk.run(servers[server_name].base + url, seconds=2, script=lua)
            servers[server_name].settle()
        for number in range(options.rounds):
            for label, server_name, url, lua in cases:
                results.setdefault(label, []).append(
                    measure(servers[server_name], url, seconds=options.seconds, script=lua)
                )
                # Every case starts on idle workers, not behind the leftovers of the one before.
                servers[server_name].settle()
            print(f"round {number + 1}/{options.rounds} done", flush=True)
        rss = servers["project"].rss_mb()
    finally:
        for server in servers.values():
            server.stop()

    bare = [run["rps"] for run in results["bare Django view"]]
    wagtail = [run["rps"] for run in results["plain Wagtail listing (100 pages)"]]
    rows = []
    for label, server_name, url, lua in cases:
        runs = results[label]
        ratios = [run["rps"] / base for run, base in zip(runs, bare, strict=True)]
        to_wagtail = [run["rps"] / base for run, base in zip(runs, wagtail, strict=True)]
        key = next(
            (
                name
                for name in GET_CASES
                if lua is None and facts["urls"].get(name) == url and server_name in ("project", "uncached")
            ),
            None,
        )
        queries = facts["queries_uncached" if server_name == "uncached" else "queries"]
        rows.append(
            {
                "case": label if key is None else f"{label.replace('_', ' ')} `{url}`",
                "ratio": statistics.median(ratios),
                "spread": spread(ratios),
                "to_wagtail": statistics.median(to_wagtail),
                "rps": statistics.median(run["rps"] for run in runs),
                "cpu_ms": statistics.median(run["cpu_ms"] for run in runs),
                "p50": statistics.median(run["p50"] for run in runs),
                "p99": statistics.median(run["p99"] for run in runs),
                "errors": sum(run["errors"] for run in runs),
                "queries": queries[key]["queries"] if key else "-",
            }
        )
    _python("bench.load.dataset", facts["env"], "--products", str(options.growth))
    small, large = growth_side_by_side(facts["small_env"], facts["env"])
    growth = [small, facts["growth_middle"], large]
    hooks = webhooks(options.webhook_events)
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores",
        "products": options.products,
        "entries": facts["books"]["entries"],
        "books": facts["books"],
        "growth": growth,
        "webhooks": hooks,
        "prepare_seconds": facts["prepare_seconds"],
        "bulk_seconds": facts["bulk_seconds"],
        "rounds": options.rounds,
        "seconds": options.seconds,
        "rss_mb": rss,
    }
    meta["total_seconds"] = time.perf_counter() - began
    meta["load_before"], meta["load_after"] = load_before, os.getloadavg()[0]
    print(write_report(options.output, rows, meta))
    print(f"whole run: {meta['total_seconds']:.0f} s")
    if not options.keep:
        subprocess.run(["rm", "-rf", str(directory)], check=False)


if __name__ == "__main__":
    main()
