"""Order actions in the admin (ship, cancel, refund, note): thin views over the shop's services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from djmoney.money import Money
from wagtail.admin.views.generic import InspectView

from shop import admin_forms, selectors, services
from shop.errors import ShopError
from shop.models import Order


class OrderInspectView(InspectView):
    template_name = "shop/admin/order_inspect.html"

    def get_object(self, queryset=None):
        return selectors.order_detail(pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        user = self.request.user
        context.update(
            {
                "order": order,
                "postings": list(
                    selectors.order_ledger_postings(order=order).prefetch_related("entries__account")
                ),
                "can_ship": user.has_perm("shop.ship_order") and order.status in ("paid", "shipped"),
                "can_refund": user.has_perm("shop.refund_order")
                and order.is_paid
                and order.refundable_total.amount > 0,
                "can_cancel": user.has_perm("shop.change_order")
                and order.status in ("pending", "processing"),
                "ship_form": admin_forms.ShipForm(),
                "refund_form": admin_forms.RefundForm(order=order),
                "cancel_form": admin_forms.CancelForm(),
                "note_form": admin_forms.NoteForm(),
            }
        )
        return context


def _inspect(order):
    return redirect("shop_order:inspect", order.pk)


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def order_ship_view(request, pk):
    _require(request, "shop.ship_order")
    order = get_object_or_404(Order, pk=pk)
    form = admin_forms.ShipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _inspect(order)
    try:
        services.order_ship(order=order, user=request.user, **form.cleaned_data)
    except ShopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {order.number} marked shipped; the customer was emailed.")
    return _inspect(order)


@require_POST
def order_cancel_view(request, pk):
    _require(request, "shop.change_order")
    order = get_object_or_404(Order, pk=pk)
    form = admin_forms.CancelForm(request.POST)
    form.is_valid()
    try:
        services.order_cancel(order=order, reason=form.cleaned_data.get("reason", ""), user=request.user)
    except ShopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {order.number} cancelled; its stock is back on sale.")
    return _inspect(order)


def _already_sent(refund) -> str:
    status = refund.get_status_display().lower()
    return f"This refund was already sent: the refund of {refund.amount} is {status}."


@require_POST
def order_refund_view(request, pk):
    _require(request, "shop.refund_order")
    order = get_object_or_404(Order.objects.prefetch_related("lines"), pk=pk)
    form = admin_forms.RefundForm(request.POST, order=order)
    earlier = selectors.order_refund_for_request(order=order, request_id=form["request_id"].value() or "")
    if earlier is not None:
        # A double click or a resent tab: the form no longer validates (the units are refunded).
        messages.info(request, _already_sent(earlier))
        return _inspect(order)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _inspect(order)
    data = form.cleaned_data
    amount = Money(data["amount"], order.currency) if data.get("amount") else None
    try:
        refund = services.order_refund(
            order=order,
            quantities=data["quantities"],
            shipping=data["shipping"],
            amount=amount,
            reason=data["reason"],
            restock=data["restock"],
            user=request.user,
            request_id=data["request_id"],
        )
    except ShopError as error:
        messages.error(request, str(error))
    else:
        status = refund.get_status_display().lower()
        if getattr(refund, "repeated_request", False):
            messages.info(request, _already_sent(refund))
        else:
            messages.success(request, f"Refund of {refund.amount} is {status}.")
    return _inspect(order)


@require_POST
def order_note_view(request, pk):
    _require(request, "shop.change_order")
    order = get_object_or_404(Order, pk=pk)
    form = admin_forms.NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _inspect(order)
    services.order_note_add(order=order, body=form.cleaned_data["body"], user=request.user)
    messages.success(request, "Note added.")
    return _inspect(order)
