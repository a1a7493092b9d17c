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
