"""Gifts of Hope customer pages: start a box, customise it, add recipients, then pay or ask for a quote.

Each view is thin: it reads the form, calls one service, and shows the service's message on failure.
Every page works as a plain form; nothing needs JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.throttle import throttled_by_ip
from shop.errors import GiftError
from shop.models import GiftBoxPage, GiftOrder, GiftsSettings
from shop.selectors import gift_impact
from shop.selectors import gifts as gift_selectors
from shop.selectors.gift_estimate import build_estimate
from shop.selectors.gift_pricing import PricingError
from shop.services import gift_checkout, gift_orders, gift_quotes
from shop.services.gift_recipients import (
    Recipient,
    gift_recipients_replace,
    recipient_errors,
    recipient_from,
    recipients_parse,
    template_csv,
)

# "same-origin", not "no-referrer": the token in the address never leaves the site, and Chrome
# still sends an Origin header with the pages' own form posts (with "no-referrer" it sends
# "Origin: null", which Django's CSRF check refuses, so every form here failed in a browser).
PRIVATE = {"X-Robots-Tag": "noindex", "Referrer-Policy": "same-origin"}


def _int(value, default=0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _gift(token: str, *, draft: bool = True) -> GiftOrder:
    gift = gift_selectors.gift_order_by_token(token=token)
    if gift is None:
        raise Http404("Gift order not found")
    return gift


def render_private(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    for key, value in PRIVATE.items():
        response[key] = value
    return response


@require_POST
def gift_start(request):
    if throttled_by_ip(request, group="gifts-start", rate="30/m"):
        return HttpResponse("Too many requests; please wait a minute.", status=429)
    box = GiftBoxPage.objects.live().filter(pk=_int(request.POST.get("box"))).first()
    if box is None:
        raise Http404("Box not found")
    size = box.sizes.filter(pk=_int(request.POST.get("size"))).first() if box.is_build else None
    chosen = _chosen(request.POST)
    try:
        gift = gift_orders.gift_order_start(
            box=box, quantity=_int(request.POST.get("quantity"), 0), size=size, chosen=chosen
        )
    except GiftError as error:
        messages.error(request, str(error))
        return redirect(box.url)
    return redirect("shop:gift_customise", token=gift.token)


def _chosen(data) -> dict[int, int]:
    return {
        _int(key[5:]): _int(value)
        for key, value in data.items()
        if key.startswith("item-") and _int(value) > 0
    }


@require_GET
def gift_estimate(request, box_id: int):
    """The build-your-own form's live price and impact (JSON for gifts.js; the form works without)."""
    if throttled_by_ip(request, group="gifts-estimate", rate="240/m"):
        return JsonResponse(
            {"ok": False, "problems": ["Too many requests; please wait a minute."]}, status=429
        )
    box = GiftBoxPage.objects.live().filter(pk=box_id).first()
    if box is None or not box.is_build:
        raise Http404("Box not found")
    estimate = build_estimate(
        box=box,
        size_id=_int(request.GET.get("size")),
        chosen=_chosen(request.GET),
        quantity=_int(request.GET.get("quantity"), 1),
    )
    response = JsonResponse(estimate.as_json())
    response["Cache-Control"] = "no-store"
    return response


def _summary(gift: GiftOrder) -> dict:
    try:
        price = gift_selectors.gift_price(gift=gift)
    except PricingError as error:
        return {"price": None, "price_error": str(error)}
    contents = gift_selectors.box_contents(box=gift.box, selections=gift.selections)
    per_box = price.goods_total / gift.quantity if gift.quantity else price.goods_total
    from core.money import quantize

    return {
        "price": price,
        "contents": contents,
        "impact": gift_selectors.box_impact(box=gift.box, contents=contents, unit_goods=quantize(per_box)),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def gift_customise(request, token: str):
    gift = _gift(token)
    settings = GiftsSettings.load()
    if request.method == "POST" and gift.status == GiftOrder.Status.DRAFT:
        if throttled_by_ip(request, group="gifts-customise", rate="60/m"):
            return HttpResponse("Too many requests; please wait a minute.", status=429)
        try:
            gift = gift_orders.gift_order_customise(
                gift=gift,
                ribbon=request.POST.get("ribbon"),
                tissue=request.POST.get("tissue"),
                card=request.POST.get("card"),
                initials=request.POST.get("initials", ""),
                message=request.POST.get("message", ""),
                logo=request.FILES.get("logo"),
                remove_logo=request.POST.get("remove_logo") == "1",
            )
        except GiftError as error:
            messages.error(request, str(error))
            return render_private(
                request,
                "shop/gifts/customise.html",
                _customise_context(gift, settings, request.POST),
                status=400,
            )
        if request.POST.get("action") == "preview":
            return redirect("shop:gift_customise", token=gift.token)
        return redirect("shop:gift_recipients", token=gift.token)
    return render_private(request, "shop/gifts/customise.html", _customise_context(gift, settings, None))


def _customise_context(gift, settings, posted) -> dict:
    return {
        "gift": gift,
        "posted": posted,
        "gift_settings": settings,
        "ribbons": gift_orders.palette_choices("ribbon"),
        "tissues": gift_orders.palette_choices("tissue"),
        "cards": gift_orders.palette_choices("card"),
        **_summary(gift),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def gift_recipients(request, token: str):
    gift = _gift(token)
    settings = GiftsSettings.load()
    errors: list[str] = []
    if request.method == "POST" and gift.status == GiftOrder.Status.DRAFT:
        if throttled_by_ip(request, group="gifts-recipients", rate="30/m"):
            return HttpResponse("Too many requests; please wait a minute.", status=429)
        try:
            recipients = _posted_recipients(request, settings, errors)
            if recipients and not errors:
                gift_recipients_replace(gift=gift, recipients=recipients)
                messages.success(request, f"{len(recipients)} recipient(s) added.")
                return redirect("shop:gift_review", token=gift.token)
        except (GiftError, PricingError) as error:
            errors.insert(0, str(error))
    context = {
        "gift": gift,
        "errors": errors[:50],
        "more_errors": max(len(errors) - 50, 0),
        "shipments": gift.shipments.all()[:20],
        "shipment_count": gift.shipments.count(),
        "countries": settings.country_list,
        "posted": request.POST if errors else None,
    }
    return render_private(request, "shop/gifts/recipients.html", context, status=400 if errors else 200)


def _posted_recipients(request, settings, errors: list[str]) -> list[Recipient]:
    upload = request.FILES.get("csv")
    if upload is not None:
        if upload.size > 4 * 1024 * 1024:
            raise GiftError("The file is larger than 4 MB: split it, or ask us for a quote.")
        result = recipients_parse(
            data=upload.read(), countries=settings.country_list, message_max=settings.message_max_length
        )
        errors.extend(result.errors)
        return result.recipients
    fields = [
        "name",
        "company",
        "address_line_1",
        "address_line_2",
        "city",
        "region",
        "postal_code",
        "country",
    ]
    values = {field: str(request.POST.get(field, "")).strip() for field in fields}
    problems = recipient_errors(
        values, countries=settings.country_list, message_max=settings.message_max_length
    )
    if problems:
        errors.append("; ".join(problems).capitalize() + ".")
        return []
    return [recipient_from(values, 1)]


def gift_recipients_template(request):
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gift-recipients-template.csv"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def gift_review(request, token: str):
    gift = _gift(token)
    settings = GiftsSettings.load()
    if request.method == "POST":
        if throttled_by_ip(request, group="gifts-review", rate="20/m"):
            return HttpResponse("Too many requests; please wait a minute.", status=429)
        gift = gift_orders.gift_order_set_contact(
            gift=gift,
            company=str(request.POST.get("company", "")),
            contact_name=str(request.POST.get("name", "")),
            email=str(request.POST.get("email", ""))[:254],
        )
        try:
            if request.POST.get("action") == "quote":
                quote = gift_quotes.gift_quote_request(gift=gift, note=str(request.POST.get("note", "")))
                messages.success(
                    request, f"Thank you: quote {quote.number} requested. We reply within two working days."
                )
                return redirect("shop:gift_review", token=gift.token)
            success = (
                request.build_absolute_uri(reverse("shop:checkout_success"))
                + "?order=ORDER_TOKEN&session_id={CHECKOUT_SESSION_ID}"
            )
            cancel = request.build_absolute_uri(reverse("shop:gift_reopen", args=[gift.token]))
            start = gift_checkout.gift_order_checkout(gift=gift, success_url=success, cancel_url=cancel)
            return redirect(start.url)
        except GiftError as error:
            messages.error(request, str(error))
    summary = _summary(gift)
    price = summary.get("price")
    needs_quote = price is not None and (
        gift.quantity >= settings.quote_min_quantity or price.total >= settings.quote_min_amount
    )
    context = {
        "gift": gift,
        "gift_settings": settings,
        "needs_quote": needs_quote,
        "shipment_count": gift.shipments.count(),
        "quote": getattr(gift, "quote", None),
        **summary,
        **(gift_impact.gift_confirmation(order=gift.order) if gift.order_id else {}),
    }
    return render_private(request, "shop/gifts/review.html", context)


def gift_reopen(request, token: str):
    gift = gift_checkout.gift_order_reopen(gift=_gift(token))
    messages.info(request, "Payment cancelled: nothing was charged. Your box is as you left it.")
    return redirect("shop:gift_review", token=gift.token)
