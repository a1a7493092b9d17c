"""Stripe's own sample objects (tests/payments/stripe_objects.json) with fresh ids and overrides."""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import time
from pathlib import Path

_SAMPLES_PATH = Path(__file__).resolve().parent / "stripe_objects.json"

_SAMPLES = json.loads(_SAMPLES_PATH.read_text())["resources"]

_counter = itertools.count(1)

COLLECTIONS = {
    "checkout/sessions": "checkout.session",
    "payment_intents": "payment_intent",
    "charges": "charge",
    "refunds": "refund",
    "invoices": "invoice",
    "invoice_payments": "invoice_payment",
    "subscriptions": "subscription",
    "disputes": "dispute",
    "events": "event",
    "balance_transactions": "balance_transaction",
    "customers": "customer",
    "invoiceitems": "invoiceitem",
    "shipping_rates": "shipping_rate",
    "billing_portal/sessions": "billing_portal.session",
}

PREFIXES = {
    "checkout.session": "cs_test_",
    "payment_intent": "pi_",
    "charge": "ch_",
    "refund": "re_",
    "invoice": "in_",
    "invoice_payment": "inpay_",
    "subscription": "sub_",
    "dispute": "dp_",
    "event": "evt_",
    "balance_transaction": "txn_",
    "customer": "cus_",
    "invoiceitem": "ii_",
    "shipping_rate": "shr_",
    "billing_portal.session": "bps_",
}


def new_id(resource: str) -> str:
    return f"{PREFIXES.get(resource, 'obj_')}fake{next(_counter):06d}{hashlib.sha1(str(time.time()).encode()).hexdigest()[:6]}"


def deep_merge(base: dict, overrides: dict) -> dict:
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict) and value:
            deep_merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def sample(resource: str, **overrides) -> dict:
    """A copy of Stripe's sample object with a fresh id and `overrides` deep-merged in."""
    obj = copy.deepcopy(_SAMPLES[resource])
    obj["id"] = new_id(resource)
    return deep_merge(obj, overrides)
