"""Enums whose members carry their translated title: one place for a state's value and its name.

    class BookingStatus(TitledEnum):
        PENDING = "pending", _l("Waiting for approval")

`BookingStatus.PENDING == "pending"`, `BookingStatus.PENDING.title` is the title in the user's
standard, and `BookingStatus.choices()` gives (value, title) pairs for a form's options."""

from __future__ import annotations

import enum

from sqlalchemy import CheckConstraint


class TitledEnum(enum.StrEnum):
    """A string enum whose members are declared as `value, lazy title`."""

    _title: object

    def __new__(cls, value: str, title: object = None) -> TitledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._title = title if title is not None else value
        return member

    @property
    def title(self) -> str:  # type: ignore[override]
        return str(self._title)

    @property
    def lazy_title(self) -> object:
        """The title unevaluated, for form choices built at import time."""
        return self._title

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        return [(member.value, member._title) for member in cls]

    @classmethod
    def titles(cls) -> dict[TitledEnum, object]:
        return {member: member._title for member in cls}


def one_of(column: str, values: type[enum.StrEnum]) -> CheckConstraint:
    """A CHECK constraint that keeps `column` to the enum's values (named ck_<table>_<column>)."""
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)
