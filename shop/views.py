"""Public shop views: thin, each calls one service or selector."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from djmoney.money import Money

from core.client_ip import client_key
from core.csrf import same_origin_required
from core.throttle import throttled_by_ip, throttled_by_value
from payments import services as payment_services
from shop import forms, selectors, services
from shop.errors import PaymentUnavailableError, ShopError
from shop.models import ShopSettings
from shop.selectors import gift_impact

logger = logging.getLogger(__name__)


def _back(request, fallback: str):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


def _cart_url():
    return reverse("shop:cart")


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@never_cache
@require_GET
def cart_detail(request):
    shop_settings = ShopSettings.load(request_or_site=request)  # cached on the request for the templates
    cart = selectors.cart_for_session(session=request.session, user=request.user)
    view = selectors.cart_view(cart=cart, shop_settings=shop_settings)
    return render(
        request,
        "shop/cart.html",
        {
            "cart": view,
            "shop_settings": shop_settings,
            "checkout_form": forms.CheckoutForm(
                request=request,
                initial={
                    "email": getattr(request.user, "email", "") if request.user.is_authenticated else "",
                },
            ),
        },
    )


@same_origin_required  # posted from cached product pages, which carry no CSRF cookie (core/csrf.py)
@require_POST
def cart_add(request):
    form = forms.AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, _cart_url())
    try:
        change = services.cart_add_for_session(
            session=request.session,
            user=request.user,
            variant_id=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
        )
    except ShopError as error:
        messages.error(request, str(error))
        return _back(request, _cart_url())
    if change.limited:
        messages.warning(request, change.message)
    else:
        messages.success(request, "Added to your cart.")
    return redirect("shop:cart")


@require_POST
def cart_update(request):
    form = forms.UpdateLineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("shop:cart")
    cart = selectors.cart_for_session(session=request.session, user=request.user)
    if cart is None:
        messages.error(request, "Your cart is empty.")
        return redirect("shop:cart")
    try:
        change = services.cart_update(
            cart=cart, line_id=form.cleaned_data["line"], quantity=form.cleaned_data["quantity"]
        )
    except ShopError as error:
        messages.error(request, str(error))
        return redirect("shop:cart")
    messages.warning(request, change.message) if change.message else messages.success(
        request, "Cart updated."
    )
    return redirect("shop:cart")


@require_POST
def cart_remove(request):
    form = forms.RemoveLineForm(request.POST)
    cart = selectors.cart_for_session(session=request.session, user=request.user)
    if form.is_valid() and cart is not None:
        services.cart_remove(cart=cart, line_id=form.cleaned_data["line"])
        messages.success(request, "Item removed from your cart.")
    return redirect("shop:cart")


@require_POST
def cart_gift(request):
    form = forms.GiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("shop:cart")
    cart = services.cart_get_or_create(session=request.session, user=request.user)
    shop_settings = ShopSettings.load(request_or_site=request)
    amount = None
    if form.cleaned_data["add"]:
        value = form.cleaned_data["amount"] or shop_settings.gift_line_amount.amount
        amount = Money(value, shop_settings.gift_line_amount.currency)
    try:
        services.cart_set_gift(cart=cart, amount=amount)
    except ShopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thank you: your gift is in the cart." if amount else "Gift removed.")
    return redirect("shop:cart")


def _throttled(request, email: str) -> bool:
    """Card testing: many checkout attempts from one client address or for one email get a 429."""
    by_ip = throttled_by_ip(request, group="shop.checkout.ip", rate=settings.SHOP_CHECKOUT_RATE_IP)
    by_email = throttled_by_value(
        request, group="shop.checkout.email", rate=settings.SHOP_CHECKOUT_RATE_EMAIL, value=email
    )
    return by_ip or by_email


@require_POST
def checkout(request):
    form = forms.CheckoutForm(request.POST, request=request)
    email = request.POST.get("email", "")[:254] if isinstance(request.POST.get("email"), str) else ""
    if _throttled(request, email):
        logger.warning("checkout throttled")
        return render(request, "shop/throttled.html", status=429)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("shop:cart")
    cart = selectors.cart_for_session(session=request.session, user=request.user)
    if cart is None:
        messages.error(request, "Your cart is empty.")
        return redirect("shop:cart")
    try:
        order = services.order_create_from_cart(
            cart=cart, email=form.cleaned_data["email"], user=request.user, client_key=client_key(request)
        )
        start = services.order_checkout_start(
            order=order,
            success_url=request.build_absolute_uri(reverse("shop:checkout_success"))
            + f"?order={order.token}&session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=request.build_absolute_uri(
                reverse("shop:checkout_cancel", kwargs={"token": order.token})
            ),
        )
    except PaymentUnavailableError as error:
        return render(request, "shop/payment_unavailable.html", {"message": str(error)}, status=503)
    except ShopError as error:
        messages.error(request, str(error))
        return redirect("shop:cart")
    return HttpResponseRedirect(start.url, status=303)


@never_cache
@require_GET
def checkout_success(request):
    """Never trusts the redirect: asks payments to check the session and run the same fulfilment."""
    token = request.GET.get("order", "")
    session_id = request.GET.get("session_id", "")
    order = selectors.order_by_token(token=token) if isinstance(token, str) else None
    if order is None:
        raise Http404("Order not found")
    if session_id and (not order.checkout_session_id or session_id == order.checkout_session_id):
        payment_services.checkout_session_sync(session_id=session_id, kind="order")
    return redirect("shop:order_status", token=order.token)


@require_GET
def checkout_cancel(request, token: str):
    order = selectors.order_by_token(token=token)
    if order is None:
        raise Http404("Order not found")
    messages.info(request, "Payment cancelled: nothing was charged and your cart is still here.")
    return redirect("shop:cart")


@never_cache
@require_GET
def order_status(request, token: str):
    order = selectors.order_by_token(token=token)
    if order is None:
        raise Http404("Order not found")
    impact = selectors.order_impact_summary(order=order)
    context = {"order": order, "impact": impact, **gift_impact.gift_confirmation(order=order)}
    response = render(request, "shop/order_status.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
