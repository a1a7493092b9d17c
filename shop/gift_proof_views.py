"""Logo proofs by signed link (the customer approves or asks for changes) and the staff-only,
permission-checked view of an uploaded logo; private files are never public media."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shop.errors import GiftError
from shop.gift_views import render_private
from shop.models import GiftOrder
from shop.services import gift_proofs


@never_cache
@require_http_methods(["GET", "POST"])
def gift_proof(request, token: str):
    proof = gift_proofs.proof_from_token(token)
    if proof is None:
        raise Http404("This proof link is not valid (it may have expired).")
    if request.method == "POST":
        try:
            gift_proofs.logo_proof_decide(
                proof=proof,
                approve=request.POST.get("decision") == "approve",
                comment=str(request.POST.get("comment", "")),
            )
            messages.success(request, "Thank you: your answer is recorded.")
        except GiftError as error:
            messages.error(request, str(error))
        return redirect("shop:gift_proof", token=token)
    proof.refresh_from_db()
    return render_private(request, "shop/gifts/proof.html", {"proof": proof, "token": token})


def gift_proof_image(request, token: str):
    proof = gift_proofs.proof_from_token(token)
    if proof is None:
        raise Http404("Not found")
    return FileResponse(proof.image.open("rb"), content_type=proof.content_type or "application/octet-stream")


@permission_required("shop.view_gift_logo", raise_exception=True)
def staff_logo(request, pk: int):
    gift = get_object_or_404(GiftOrder, pk=pk)
    if not gift.logo:
        raise Http404("No logo")
    response = FileResponse(
        gift.logo.open("rb"), content_type=gift.logo_content_type or "application/octet-stream"
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
