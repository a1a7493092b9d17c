"""Logo proofs: staff upload a version, the customer approves or asks for changes by signed link.

Every version and decision is kept with its time; production waits for an approved proof.
"""

from __future__ import annotations

from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from shop.errors import GiftError
from shop.models import GiftOrder, LogoProof

from .gift_uploads import upload_check

PROOF_SALT = "shop.gift-proof"
PROOF_MAX_AGE = 60 * 60 * 24 * 60  # links work for 60 days


def proof_token(proof: LogoProof) -> str:
    return signing.dumps({"proof": proof.pk, "order": proof.gift_order.token}, salt=PROOF_SALT, compress=True)


def proof_from_token(token: str) -> LogoProof | None:
    try:
        data = signing.loads(token, salt=PROOF_SALT, max_age=PROOF_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return (
        LogoProof.objects.select_related("gift_order")
        .filter(pk=data.get("proof"), gift_order__token=str(data.get("order")))
        .first()
    )


@transaction.atomic
def logo_proof_upload(*, gift: GiftOrder, upload, note: str = "", user=None) -> LogoProof:
    gift = GiftOrder.objects.select_for_update().get(pk=gift.pk)
    checked = upload_check(upload=upload)
    version = (gift.proofs.aggregate(latest=Max("version"))["latest"] or 0) + 1
    proof = LogoProof(
        gift_order=gift,
        version=version,
        content_type=checked.content_type,
        note=note.strip()[:2000],
        created_by=user if user and user.is_authenticated else None,
    )
    proof.image.save(f"proof.{checked.extension}", ContentFile(checked.content), save=False)
    proof.save()
    gift.proofs.filter(decision=LogoProof.Decision.PENDING).exclude(pk=proof.pk).update(
        decision=LogoProof.Decision.CHANGES,
        decision_comment="Superseded by a newer proof.",
        decided_at=timezone.now(),
    )
    if gift.logo_status == GiftOrder.LogoStatus.APPROVED:
        gift.logo_status = GiftOrder.LogoStatus.PENDING
        gift.save(update_fields=["logo_status", "updated_at"])
    return proof


@transaction.atomic
def logo_proof_decide(*, proof: LogoProof, approve: bool, comment: str = "") -> LogoProof:
    proof = LogoProof.objects.select_for_update().select_related("gift_order").get(pk=proof.pk)
    if proof.decision != LogoProof.Decision.PENDING:
        raise GiftError("This proof has already been answered.")
    latest = proof.gift_order.proofs.aggregate(latest=Max("version"))["latest"]
    if proof.version != latest:
        raise GiftError("A newer proof has been sent: please answer that one.")
    comment = (comment or "").strip()[:2000]
    if not approve and not comment:
        raise GiftError("Tell us what to change.")
    proof.decision = LogoProof.Decision.APPROVED if approve else LogoProof.Decision.CHANGES
    proof.decision_comment, proof.decided_at = comment, timezone.now()
    proof.save(update_fields=["decision", "decision_comment", "decided_at"])
    gift = proof.gift_order
    gift.logo_status = GiftOrder.LogoStatus.APPROVED if approve else GiftOrder.LogoStatus.PENDING
    gift.save(update_fields=["logo_status", "updated_at"])
    return proof
