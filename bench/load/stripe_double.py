"""A local Stripe double for the benchmark: answers the few API calls the measured flows make
(create a Checkout Session, read a PaymentIntent's fee, list an invoice's payments) with bodies
shaped like Stripe's, on 127.0.0.1. The real `stripe` library builds and parses every request
(STRIPE_API_BASE points at it), so its cost is in the figures; Stripe's own latency is not.

In a thread of the caller (`start()`), or as its own process, as the webhook benchmark runs it, so
its CPU is not charged to the site's workers:

    python bench/load/stripe_double.py --port 9413

It keeps connections alive (HTTP/1.1) as api.stripe.com does, and answers `GET /_bench/requests`
with how many API requests it has answered (the benchmark's Stripe calls per delivery)."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_ids = itertools.count(1)
_answered = itertools.count(1)
_answered_last = [0]


def _session(port: int) -> dict:
    number = next(_ids)
    return {
        "id": f"cs_test_bench_{number}",
        "object": "checkout.session",
        "url": f"http://127.0.0.1:{port}/pay/cs_test_bench_{number}",
        "status": "open",
        "payment_status": "unpaid",
        "mode": "payment",
        "currency": "usd",
        "amount_total": 5000,
        "metadata": {},
    }


def _payment_intent(pi_id: str) -> dict:
    return {
        "id": pi_id,
        "object": "payment_intent",
        "status": "succeeded",
        "latest_charge": {
            "id": f"ch_{pi_id}",
            "object": "charge",
            "balance_transaction": {
                "id": f"txn_{pi_id}",
                "object": "balance_transaction",
                "fee": 175,
                "currency": "usd",
            },
        },
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Stripe's API does

    def setup(self):
        super().setup()
        # Headers and body leave in two writes: without this, Nagle's algorithm holds the body
        # back until the client's delayed ACK (~40 ms) on a kept-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):  # quiet
        return

    def _answer(self, body: dict, *, counted: bool = True) -> None:
        if counted:
            _answered_last[0] = next(_answered)
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", "req_bench")
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/v1/checkout/sessions"):
            self._answer(_session(self.server.server_port))
        else:
            self._answer({"id": f"obj_bench_{next(_ids)}", "object": "unknown"})

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/_bench/requests":
            self._answer({"requests": _answered_last[0]}, counted=False)
        elif path.startswith("/v1/payment_intents/"):
            self._answer(_payment_intent(path.rsplit("/", 1)[1]))
        elif path.startswith("/v1/invoice_payments"):
            self._answer({"object": "list", "data": [], "has_more": False, "url": "/v1/invoice_payments"})
        else:
            self._answer({"id": path.rsplit("/", 1)[-1], "object": "unknown"})


def start(port: int = 0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="A local Stripe double on 127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), _Handler)
    server.daemon_threads = True
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
