"""Wagtail permission policies shared by every app's admin."""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records nobody adds, changes or deletes from the admin (the books, what Stripe said, receipts);
    viewing still needs the model's view permission."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
