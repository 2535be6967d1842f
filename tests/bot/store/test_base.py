"""What the bot records and what every store shares (bot/store/base.py): keyed hashes, vote memory, the null store."""

from __future__ import annotations

from bot.store.base import DayCount, NullStore, PickRecord, ReplyRecord, Store, Vote, VoteMemory


def test_null_store_is_a_store() -> None:
    assert isinstance(NullStore(), Store)
    assert NullStore().hash("a:1") != NullStore().hash("a:1")  # a random key per instance


class CountingStore(NullStore):
    """A null store that counts the votes it is asked to write."""

    def __init__(self, key: str | None = None) -> None:
        super().__init__(key)
        self.written: list[Vote] = []

    def _write_vote(self, vote: Vote) -> None:
        """Count the vote."""
        self.written.append(vote)


def test_a_repeated_vote_is_not_written_again_but_a_changed_one_is() -> None:
    store = CountingStore()
    up, down = Vote(1.0, "telegram", "e1", "u1", True), Vote(2.0, "telegram", "e1", "u1", False)
    assert store.record_feedback(up) and not store.record_feedback(up)
    assert store.record_feedback(down) and store.record_feedback(up)
    assert store.record_feedback(Vote(3.0, "telegram", "e2", "u1", True))  # another entry
    assert [(v.entry_id, v.helpful) for v in store.written] == [("e1", True), ("e1", False), ("e1", True),
                                                                 ("e2", True)]


def test_vote_memory_is_bounded_and_forgets_the_least_recent_first() -> None:
    memory = VoteMemory(limit=2)
    assert memory.remember("a", "u", True) and memory.remember("b", "u", True)
    assert not memory.remember("a", "u", True)  # a repeat, and now the most recent
    assert memory.remember("c", "u", True)  # over the limit: b goes, not a
    assert not memory.remember("a", "u", True)
    assert memory.remember("b", "u", True)  # forgotten, so counted again


def test_hashes_are_short_keyed_hex_and_the_key_check_tells_keys_apart() -> None:
    one, same, other = NullStore("k" * 32), NullStore("k" * 32), NullStore("o" * 32)
    digest = one.hash("telegram:42")
    assert len(digest) == 20 and int(digest, 16) >= 0 and digest == same.hash("telegram:42")
    assert digest != other.hash("telegram:42") and digest != one.hash("telegram:43")
    assert one.hash("") == ""
    assert len(one.key_check()) == 16 and one.key_check() == same.key_check() != other.key_check()
    assert "k" * 8 not in one.key_check() + digest
    assert one.hash("\ud800 lone surrogate")  # ids from odd clients never raise


def test_day_rate_is_the_answered_share_and_zero_for_an_empty_day() -> None:
    assert DayCount("2026-12-01", 8, 6, 1, 1).rate == 0.75
    assert DayCount("2026-12-02", 0, 0, 0, 0).rate == 0.0


def test_the_null_store_keeps_nothing_and_says_why() -> None:
    store = NullStore(reason="disk full")
    store.record_reply(ReplyRecord(1.0, "telegram", "none", None, 0.0, "q?", "u", "c"))
    store.record_pick(PickRecord(1.0, "telegram", "e1", "q?", "u"))
    assert (store.enabled, store.reason, store.reachable(), store.flush(), store.prune(9e9)) == (
        False, "disk full", False, True, 0)
    queries = [store.days(0), store.unanswered(0), store.entry_votes(0), store.picks(0), store.tiers(0)]
    assert queries == [[], [], [], [], []]
