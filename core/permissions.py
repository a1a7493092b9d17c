"""Wagtail permission policies shared by every app's admin."""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy


class _RefusingPermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions, except `refused_actions`, which nobody may take in the admin."""

    refused_actions: tuple[str, ...] = ()

    def user_has_permission(self, user, action):
        if action in self.refused_actions:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyPermissionPolicy(_RefusingPermissionPolicy):
    """Records nobody adds, changes or deletes from the admin (the books, what Stripe said, receipts);
    viewing still needs the model's view permission."""

    refused_actions = ("add", "change", "delete")


class ChangeOnlyPermissionPolicy(_RefusingPermissionPolicy):
    """Records made elsewhere (orders by checkout, variants on their product page): the admin may
    change them with the model's change permission, but never adds or deletes one."""

    refused_actions = ("add", "delete")
