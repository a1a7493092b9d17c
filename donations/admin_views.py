"""Staff screens beyond the generic viewsets: offline gift entry, receipt actions, past-due list."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from donations import selectors, services
from donations.amounts import CENT, parse_amount
from donations.forms import OfflineGiftForm
from donations.models import Campaign, Donation, Receipt, ReceiptStatus
from payments.exceptions import PaymentsError


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class _OfflineGiftAdminForm(OfflineGiftForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.all(), required=False)


def offline_gift_create(request):
    _require(request, "donations.add_donation")
    form = _OfflineGiftAdminForm(request.POST or None, initial={"send_receipt": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        labels = dict(form.fields["designation"].choices)
        donation = services.donation_record_offline(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            company_name=data["company_name"],
            amount=data["amount"],
            received_on=data["received_on"],
            method=data["method"],
            description=data["description"],
            designation_key=data["designation"],
            designation_label=labels[data["designation"]],
            campaign=data["campaign"],
            benefit_description=data["benefit_description"],
            benefit_fmv=data["benefit_fmv"],
            entered_by=request.user.get_username(),
            send_receipt=data["send_receipt"],
        )
        receipt = donation.receipts.filter(status=ReceiptStatus.ISSUED).first()
        messages.success(request, f"Recorded gift {donation.reference}; receipt {receipt.number} issued.")
        return redirect("donations_offline_gift")
    return TemplateResponse(request, "donations/admin/offline_gift.html", {"form": form})


class ReceiptActionForm(forms.Form):
    reason = forms.CharField(max_length=255, required=False)
    to = forms.EmailField(required=False, label="Send to (leave empty for the donor)")


@require_POST
def receipt_action(request, pk: int, action: str):
    _require(request, "donations.change_receipt")
    receipt = get_object_or_404(Receipt, pk=pk)
    form = ReceiptActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the email address.")
        return redirect("donations_receipt_detail", pk=pk)
    reason = form.cleaned_data["reason"] or "Corrected by staff"
    if action == "void":
        services.receipt_void(receipt=receipt, reason=reason)
        messages.success(request, f"Receipt {receipt.number} is void.")
    elif action == "reissue":
        if receipt.status != ReceiptStatus.ISSUED:
            messages.error(request, "Only a live receipt can be reissued.")
        else:
            new = services.receipt_reissue(receipt=receipt, reason=reason)
            messages.success(request, f"Receipt {receipt.number} is void; {new.number} issued.")
            return redirect("donations_receipt_detail", pk=new.pk)
    elif action == "resend":
        services.receipt_send(receipt=receipt, to=form.cleaned_data["to"])
        messages.success(request, f"Receipt {receipt.number} sent.")
    else:
        raise PermissionDenied
    return redirect("donations_receipt_detail", pk=pk)


def receipt_detail(request, pk: int):
    _require(request, "donations.view_receipt")
    receipt = get_object_or_404(Receipt.objects.select_related("donation", "replaces"), pk=pk)
    return TemplateResponse(
        request,
        "donations/admin/receipt_detail.html",
        {
            "receipt": receipt,
            "form": ReceiptActionForm(),
            "can_change": request.user.has_perm("donations.change_receipt"),
        },
    )


def receipt_pdf(request, pk: int):
    from django.http import HttpResponse

    from donations import pdf

    _require(request, "donations.view_receipt")
    receipt = get_object_or_404(Receipt, pk=pk)
    response = HttpResponse(pdf.receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{receipt.number}.pdf"'
    return response


def past_due_dashboard(request):
    _require(request, "donations.view_recurringgift")
    return TemplateResponse(
        request, "donations/admin/past_due.html", {"gifts": selectors.past_due_recurring_gifts()[:500]}
    )


class RefundForm(forms.Form):
    # Rendered once per form: a double-submitted form carries the same id, so Stripe refunds once.
    request_id = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    amount = forms.CharField(required=False, max_length=32, help_text="Leave empty to refund what is left.")
    reason = forms.ChoiceField(
        choices=[
            ("requested_by_customer", "Requested by the donor"),
            ("duplicate", "Duplicate"),
            ("fraudulent", "Fraudulent"),
        ]
    )

    def clean_amount(self):
        raw = (self.cleaned_data.get("amount") or "").strip()
        if not raw:
            return None
        return parse_amount(raw, minimum=CENT, maximum=Decimal("100000000"))


def gift_refund(request, pk: int):
    _require(request, "donations.change_donation")
    donation = get_object_or_404(Donation.objects.select_related("donor"), pk=pk)
    form = RefundForm(request.POST or None, initial={"request_id": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        try:
            services.donation_refund_request(
                donation=donation,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                request_id=form.cleaned_data["request_id"],
            )
        except services.RefundNotPossible as error:
            form.add_error(None, str(error))
        except PaymentsError as error:
            form.add_error(None, error.user_message)
        else:
            messages.success(request, f"Refund for {donation.reference} sent to the payment processor.")
            return redirect("donations_gift_refund", pk=pk)
        donation.refresh_from_db()
    return TemplateResponse(request, "donations/admin/gift_refund.html", {"donation": donation, "form": form})
