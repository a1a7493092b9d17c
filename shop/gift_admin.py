"""Gifts of Hope in the admin (Shop managers only): quote requests, gift orders, palette.

Staff send a quote's invoice, export shipments for the carrier (formula-safe CSV), print card
inserts (PDF) and upload logo proofs. Overdue invoices are one filter away (and a menu item).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from djmoney.money import Money
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_views import ReadableInspectView
from core.export import csv_response
from shop.errors import GiftError
from shop.gift_pdf import card_inserts_pdf
from shop.models import GiftOrder, GiftQuote, PaletteColour
from shop.services import gift_deposits, gift_proofs, gift_quotes

SHIPMENT_HEADER = [
    "order",
    "row",
    "name",
    "company",
    "address_line_1",
    "address_line_2",
    "city",
    "region",
    "postal_code",
    "country",
    "email",
    "status",
]


class PaletteViewSet(SnippetViewSet):
    model = PaletteColour
    icon = "image"
    menu_label = "Gift palette"
    list_display = ["name", "hex", "is_active", "for_ribbon", "for_tissue", "for_card"]
    list_filter = ["is_active"]


class GiftInspectView(ReadableInspectView):
    """The inspect page plus the staff actions of a quote or gift order."""

    template_name = "shop/admin/gift_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gift"] = self.object if isinstance(self.object, GiftOrder) else self.object.gift_order
        context["quote"] = (
            self.object if isinstance(self.object, GiftQuote) else getattr(self.object, "quote", None)
        )
        return context


class GiftQuoteViewSet(ModelViewSet):
    model = GiftQuote
    icon = "doc-full"
    menu_label = "Gift quotes"
    menu_order = 202
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = GiftInspectView
    form_fields = ["unit_price_override"]
    list_display = ["number", "status", "company", "boxes", "recipients", "invoice_due_at", "created_at"]
    list_filter = ["status", "created_at", "invoice_due_at"]
    search_fields = ["number", "gift_order__company", "gift_order__email", "invoice_id"]
    search_backend_name = None
    inspect_view_fields = [
        "number",
        "status",
        "company",
        "boxes",
        "recipients",
        "customer_note",
        "unit_price_override",
        "invoice_id",
        "hosted_invoice_url",
        "invoice_due_at",
        "invoice_total",
        "deposit_percent",
        "deposit_invoice_id",
        "deposit_total",
        "deposit_paid_at",
        "sent_at",
        "closed_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send/<int:pk>/", quote_send_invoice_view, name="send_invoice"),
            path("balance/<int:pk>/", quote_send_balance_view, name="send_balance"),
        ]


class GiftOrderViewSet(ModelViewSet):
    model = GiftOrder
    icon = "mail"
    menu_label = "Gift orders"
    menu_order = 201
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = GiftInspectView
    form_fields = ["company", "contact_name", "email"]
    list_display = ["__str__", "status", "logo_status", "quantity", "created_at"]
    list_filter = ["status", "logo_status", "created_at"]
    search_fields = ["company", "email", "token", "order__number"]
    search_backend_name = None
    inspect_view_fields = [
        "status",
        "box",
        "size",
        "quantity",
        "company",
        "contact_name",
        "email",
        "ribbon",
        "tissue",
        "card",
        "initials",
        "message",
        "logo_status",
        "order",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("shipments/<int:pk>/", shipments_export_view, name="shipments"),
            path("cards/<int:pk>/", card_inserts_view, name="cards"),
            path("proof/<int:pk>/", proof_upload_view, name="proof"),
        ]


@permission_required("shop.send_invoice", raise_exception=True)
def quote_send_invoice_view(request, pk: int):
    quote = get_object_or_404(GiftQuote, pk=pk)
    if request.method == "POST":
        price = None
        raw = str(request.POST.get("unit_price", "")).strip()
        try:
            price = Money(Decimal(raw), "USD") if raw else None
            days = int(request.POST.get("days") or 0) or None
            raw_deposit = str(request.POST.get("deposit", "")).strip()
            deposit = Decimal(raw_deposit) if raw_deposit else None
            if deposit is not None and not deposit.is_finite():
                raise ValueError("not a number")
            gift_quotes.gift_quote_send_invoice(
                quote=quote, unit_price=price, days_until_due=days, deposit_percent=deposit, user=request.user
            )
            kind = "Deposit invoice" if deposit else "Invoice"
            messages.success(request, f"{kind} sent for quote {quote.number}.")
        except (InvalidOperation, ValueError):
            messages.error(
                request, "Enter the price per box (e.g. 39.00) and the deposit (e.g. 30) as numbers."
            )
        except GiftError as error:
            messages.error(request, str(error))
    return redirect(reverse("shop_gift_quote:inspect", args=[quote.pk]))


@permission_required("shop.send_invoice", raise_exception=True)
@require_POST
def quote_send_balance_view(request, pk: int):
    quote = get_object_or_404(GiftQuote, pk=pk)
    try:
        quote = gift_deposits.gift_quote_send_balance(quote=quote, user=request.user)
        messages.success(request, f"Balance invoice sent for quote {quote.number}.")
    except GiftError as error:
        messages.error(request, str(error))
    return redirect(reverse("shop_gift_quote:inspect", args=[quote.pk]))


@permission_required("shop.view_giftorder", raise_exception=True)
def shipments_export_view(request, pk: int):
    gift = get_object_or_404(GiftOrder, pk=pk)
    number = gift.order.number if gift.order else gift.token[:8]
    rows = (
        [
            number,
            s.row_number,
            s.name,
            s.company,
            s.line1,
            s.line2,
            s.city,
            s.region,
            s.postal_code,
            s.country,
            s.email,
            s.get_status_display(),
        ]
        for s in gift.shipments.all()
    )
    return csv_response(filename=f"gift-shipments-{number}.csv", header=SHIPMENT_HEADER, rows=rows)


@permission_required("shop.view_giftorder", raise_exception=True)
def card_inserts_view(request, pk: int):
    gift = get_object_or_404(GiftOrder, pk=pk)
    response = HttpResponse(card_inserts_pdf(gift=gift), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="card-inserts-{gift.pk}.pdf"'
    return response


@permission_required("shop.change_giftorder", raise_exception=True)
def proof_upload_view(request, pk: int):
    gift = get_object_or_404(GiftOrder, pk=pk)
    if request.method == "POST":
        try:
            proof = gift_proofs.logo_proof_upload(
                gift=gift,
                upload=request.FILES.get("proof"),
                note=str(request.POST.get("note", "")),
                user=request.user,
            )
            link = request.build_absolute_uri(
                reverse("shop:gift_proof", args=[gift_proofs.proof_token(proof)])
            )
            messages.success(request, f"Proof v{proof.version} saved. Send the customer this link: {link}")
        except GiftError as error:
            messages.error(request, str(error))
    return redirect(reverse("shop_gift_order:inspect", args=[gift.pk]))


gift_quote_viewset = GiftQuoteViewSet("shop_gift_quote")
gift_order_viewset = GiftOrderViewSet("shop_gift_order")
