"""Buttons that survive restarts: dynamic items whose custom_id carries the KB entry id."""

from __future__ import annotations

from typing import Any, Protocol, cast

import discord

from adapters.common.text import clip
from bot.engine.reply import Intent, Reply

from .limits import LIMITS

__all__ = ["DYNAMIC_ITEMS", "ButtonHandler", "FeedbackButton", "FollowUpButton", "reply_view"]

_MAX_SUGGESTION_BUTTONS = 5  # one row; the feedback buttons take the next


class ButtonHandler(Protocol):
    """What a pressed button calls: the adapter's handlers (reached through ``interaction.client.faq``)."""

    async def follow_up(self, interaction: discord.Interaction, entry_id: str) -> None:
        """Post the answer of the pressed question."""
        ...

    async def feedback(self, interaction: discord.Interaction, entry_id: str, helpful: bool) -> None:
        """Record a 👍 or 👎 and acknowledge it."""
        ...


def _handler(interaction: discord.Interaction) -> ButtonHandler:
    return cast(ButtonHandler, cast(Any, interaction.client).faq)


async def _fresh(interaction: discord.Interaction, what: str) -> bool:
    """False for a press too old to acknowledge (counted by the handlers' deadline, no callback, no traceback)."""
    deadline = getattr(getattr(interaction.client, "faq", None), "deadline", None)
    return deadline is None or bool(deadline.fresh(interaction, what))


class FollowUpButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"faq:fu:(?P<entry_id>[^:]{1,90})"):
    """A suggested question; pressing it posts that entry's answer."""

    def __init__(self, entry_id: str, label: str = "Open", row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label or "Open", LIMITS.label), style=discord.ButtonStyle.secondary,
                custom_id=f"faq:fu:{entry_id}",
            ),
            row=row,
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /,
    ) -> FollowUpButton:
        """Rebuild the button from a press, also one made before a restart."""
        return cls(match["entry_id"], getattr(item, "label", None) or "Open")

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Skip presses that are too old to answer."""
        return await _fresh(interaction, "follow-up button")

    async def callback(self, interaction: discord.Interaction) -> None:
        """Answer with the pressed question's entry."""
        await _handler(interaction).follow_up(interaction, self.entry_id)


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"faq:fb:(?P<vote>[+-]):(?P<entry_id>[^:]{1,90})"
):
    """👍 or 👎 under an answer."""

    def __init__(self, entry_id: str, helpful: bool, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="👍" if helpful else "👎", style=discord.ButtonStyle.secondary,
                custom_id=f"faq:fb:{'+' if helpful else '-'}:{entry_id}",
            ),
            row=row,
        )
        self.entry_id = entry_id
        self.helpful = helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /,
    ) -> FeedbackButton:
        """Rebuild the button from a press."""
        return cls(match["entry_id"], match["vote"] == "+")

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Skip presses that are too old to answer."""
        return await _fresh(interaction, "feedback button")

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the vote and acknowledge it at once."""
        await _handler(interaction).feedback(interaction, self.entry_id, self.helpful)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (FollowUpButton, FeedbackButton)


def _fits(entry_id: str) -> bool:
    # Ids are validated by the KB loader (48 bytes); a longer one would be rejected by Discord.
    return bool(entry_id) and ":" not in entry_id and len(f"faq:fb:+:{entry_id}") <= LIMITS.custom_id


def reply_view(reply: Reply) -> discord.ui.View | None:
    """The buttons under a reply: suggested questions, then 👍 / 👎 for an answer; None when there are none."""
    view = discord.ui.View(timeout=None)
    for suggestion in [s for s in reply.questions if _fits(s.id)][:_MAX_SUGGESTION_BUTTONS]:
        view.add_item(FollowUpButton(suggestion.id, suggestion.label, row=0))
    if reply.intent is Intent.ANSWER and reply.entry_id and _fits(reply.entry_id):
        for helpful in (True, False):
            view.add_item(FeedbackButton(reply.entry_id, helpful, row=1))
    return view if view.children else None
