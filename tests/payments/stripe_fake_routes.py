"""The built-in behaviour of the Stripe fake: create, retrieve and list the objects it stores."""

from __future__ import annotations

import copy
import re
import time
from typing import TYPE_CHECKING

from tests.payments.stripe_samples import COLLECTIONS, sample

if TYPE_CHECKING:
    from tests.payments.stripe_fake import RecordedRequest


class StripeFakeRoutes:
    """Default answers when no programmed route matches; `self.objects` holds what was stored."""

    @staticmethod
    def _missing(what: str) -> tuple[int, dict]:
        return 404, {
            "error": {
                "type": "invalid_request_error",
                "code": "resource_missing",
                "message": f"No such {what}",
            }
        }

    def _expand(self, obj: dict, paths: list[str]) -> dict:
        obj = copy.deepcopy(obj)
        for path in paths:
            node = obj
            steps = path.split(".")
            for index, step in enumerate(steps):
                value = node.get(step) if isinstance(node, dict) else None
                if isinstance(value, str) and value in self.objects:
                    node[step] = copy.deepcopy(self.objects[value])
                    value = node[step]
                if index < len(steps) - 1:
                    node = value
        return obj

    def _list(self, resource: str, predicate, params: dict, path: str) -> tuple[int, dict]:
        items = [obj for obj in self.objects.values() if obj.get("object") == resource and predicate(obj)]
        items.sort(key=lambda obj: (obj.get("created") or 0, obj["id"]), reverse=True)
        if params.get("starting_after"):
            ids = [obj["id"] for obj in items]
            if params["starting_after"] in ids:
                items = items[ids.index(params["starting_after"]) + 1 :]
        limit = int(params.get("limit") or 10)
        page = items[:limit]
        return 200, {"object": "list", "data": page, "has_more": len(items) > limit, "url": path}

    def _default(self, request: RecordedRequest) -> tuple[int, dict]:
        method, path, params = request.method, request.path, request.params
        if method == "POST" and path == "/v1/checkout/sessions":
            return 200, self._create_session(params)
        if method == "POST" and path == "/v1/refunds":
            return self._create_refund(params)
        if method == "POST" and path == "/v1/billing_portal/sessions":
            portal = sample(
                "billing_portal.session", customer=params.get("customer"), return_url=params.get("return_url")
            )
            portal["url"] = f"https://billing.stripe.com/p/session/test_{portal['id']}"
            return 200, portal
        invoice_answer = self._invoice_routes(method, path, params)
        if invoice_answer is not None:
            return invoice_answer
        match = re.fullmatch(r"/v1/subscriptions/([^/]+)", path)
        if match and method in ("POST", "DELETE"):
            subscription = self.objects.get(match.group(1))
            if subscription is None:
                return self._missing(f"subscription: '{match.group(1)}'")
            if method == "DELETE":
                subscription.update(status="canceled", canceled_at=int(time.time()))
            else:
                subscription.setdefault("metadata", {}).update(params.get("metadata") or {})
            return 200, subscription
        if method == "GET" and path == "/v1/refunds":
            return self._list("refund", lambda obj: obj.get("charge") == params.get("charge"), params, path)
        if method == "GET" and path == "/v1/invoice_payments":
            return self._list(
                "invoice_payment", lambda obj: obj.get("invoice") == params.get("invoice"), params, path
            )
        if method == "GET" and path == "/v1/events":
            gte = (
                int((params.get("created") or {}).get("gte") or 0)
                if isinstance(params.get("created"), dict)
                else 0
            )
            types = params.get("types") or []
            return self._list(
                "event",
                lambda obj: (obj.get("created") or 0) >= gte and (not types or obj["type"] in types),
                params,
                path,
            )
        for collection, resource in COLLECTIONS.items():
            match = re.fullmatch(rf"/v1/{collection}/([^/]+)", path)
            if match and method == "GET":
                obj = self.objects.get(match.group(1))
                if obj is None or obj.get("object") != resource:
                    return self._missing(f"{resource}: '{match.group(1)}'")
                expand = params.get("expand") or []
                return 200, self._expand(obj, expand if isinstance(expand, list) else [expand])
        return self._missing(f"route {method} {path} in the Stripe fake")

    def _invoice_routes(self, method: str, path: str, params: dict) -> tuple[int, dict] | None:
        """Customers, invoice items and send_invoice invoices: create, finalize, send."""
        if method == "POST" and path == "/v1/customers":
            customer = sample("customer", email=params.get("email"), name=params.get("name"))
            customer["metadata"] = params.get("metadata") or {}
            return 200, self.put(customer)
        if method == "POST" and path == "/v1/invoices":
            invoice = sample("invoice")
            shipping = ((params.get("shipping_cost") or {}).get("shipping_rate_data") or {}).get(
                "fixed_amount"
            )
            invoice.update(
                customer=params.get("customer"),
                collection_method=params.get("collection_method"),
                currency=params.get("currency"),
                metadata=params.get("metadata") or {},
                status="draft",
                subscription=None,
                parent=None,
                lines={"object": "list", "data": [], "has_more": False},
                amount_shipping=int((shipping or {}).get("amount") or 0),
                amount_paid=0,
                total=0,
                subtotal=0,
                amount_due=0,
                due_date=None,
                hosted_invoice_url=None,
                payments=None,
                billing_reason="manual",
                total_taxes=[],
                total_discount_amounts=[],
                days_until_due=int(params.get("days_until_due") or 0),
                created=int(time.time()),
            )
            return 200, self.put(invoice)
        if method == "POST" and path == "/v1/invoiceitems":
            invoice = self.objects.get(params.get("invoice") or "")
            if invoice is None or invoice.get("status") != "draft":
                return 400, {"error": {"type": "invalid_request_error", "message": "invoice is not a draft"}}
            item = sample(
                "invoiceitem",
                amount=int(params["amount"]),
                currency=params.get("currency"),
                customer=params.get("customer"),
                invoice=invoice["id"],
                description=params.get("description"),
            )
            item.update(metadata=params.get("metadata") or {}, parent=None)
            invoice["lines"]["data"].append(item)
            invoice["subtotal"] += item["amount"]
            return 200, self.put(item)
        match = re.fullmatch(r"/v1/invoices/([^/]+)/(finalize|send)", path)
        if match and method == "POST":
            invoice = self.objects.get(match.group(1))
            if invoice is None:
                return self._missing(f"invoice: '{match.group(1)}'")
            if match.group(2) == "finalize":
                total = invoice["subtotal"] + invoice["amount_shipping"]
                invoice.update(
                    status="open",
                    total=total,
                    amount_due=total,
                    amount_remaining=total,
                    due_date=int(time.time()) + 86400 * invoice["days_until_due"],
                    hosted_invoice_url=f"https://invoice.stripe.com/i/{invoice['id']}",
                )
            return 200, invoice
        return None

    def _create_session(self, params: dict) -> dict:
        session = sample("checkout.session")
        line_items = params.get("line_items") or []
        currency = ""
        subtotal = 0
        for item in line_items:
            price = item.get("price_data") or {}
            currency = price.get("currency", currency)
            subtotal += int(price.get("unit_amount") or 0) * int(item.get("quantity") or 1)
        session.update(
            mode=params.get("mode", "payment"),
            status="open",
            payment_status="unpaid",
            currency=currency or None,
            amount_subtotal=subtotal,
            amount_total=subtotal,
            metadata=params.get("metadata") or {},
            success_url=params.get("success_url"),
            cancel_url=params.get("cancel_url"),
            customer_email=params.get("customer_email"),
            customer=params.get("customer"),
            client_reference_id=params.get("client_reference_id"),
            payment_intent=None,
            subscription=None,
            shipping_cost=None,
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        )
        session["url"] = f"https://checkout.stripe.com/c/pay/{session['id']}"
        return self.put(session)

    def _create_refund(self, params: dict) -> tuple[int, dict]:
        payment_intent = self.objects.get(params.get("payment_intent") or "")
        if payment_intent is None:
            return self._missing(f"payment_intent: '{params.get('payment_intent')}'")
        charge_id = payment_intent.get("latest_charge")
        refunded = sum(
            obj["amount"]
            for obj in self.objects.values()
            if obj.get("object") == "refund"
            and obj.get("payment_intent") == payment_intent["id"]
            and obj.get("status") in ("succeeded", "pending")
        )
        remaining = int(payment_intent["amount_received"] or payment_intent["amount"]) - refunded
        amount = int(params.get("amount") or remaining)
        if remaining <= 0:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "code": "charge_already_refunded",
                    "message": "Charge has already been refunded.",
                }
            }
        if amount > remaining:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "code": "amount_too_large",
                    "message": f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                    "param": "amount",
                }
            }
        refund = sample(
            "refund",
            amount=amount,
            currency=payment_intent["currency"],
            charge=charge_id,
            payment_intent=payment_intent["id"],
            metadata=params.get("metadata") or {},
            status="succeeded",
            reason=params.get("reason"),
            created=int(time.time()),
        )
        return 200, self.put(refund)
