"""The "Post in the channel" button under a private answer (the "Ask faqbot" message menu), restart-proof."""

from __future__ import annotations

from typing import Any, Protocol, cast

import discord

from bot import messages

from .limits import LIMITS

__all__ = ["PostButton", "post_view"]


class _Poster(Protocol):
    async def post(self, interaction: discord.Interaction, entry_id: str) -> None:
        """Post the entry's answer publicly."""
        ...


class PostButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"faq:post:(?P<entry_id>[^:]{1,90})"):
    """Posts the answer the invoker saw privately into the channel."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(discord.ui.Button(label=messages.text("discord.post"), style=discord.ButtonStyle.primary,
                                           custom_id=f"faq:post:{entry_id}"))
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /,
    ) -> PostButton:
        """Rebuild the button from a press (also after a restart)."""
        return cls(match["entry_id"])

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Skip presses that are too old to answer."""
        deadline = getattr(getattr(interaction.client, "faq", None), "deadline", None)
        return deadline is None or bool(deadline.fresh(interaction, "post button"))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Post the answer."""
        await cast(_Poster, cast(Any, interaction.client).faq).post(interaction, self.entry_id)


def post_view(entry_id: str) -> discord.ui.View | None:
    """A view with the post button, or None when the id cannot fit a custom id."""
    if not entry_id or ":" in entry_id or len(f"faq:post:{entry_id}") > LIMITS.custom_id:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(PostButton(entry_id))
    return view
