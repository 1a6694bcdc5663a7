"""The Panel Information Policy: four levels, each with its own sharing rule."""

from django.db import models


class Classification(models.TextChoices):
    WHITE = "white", "White"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


# From least to most restricted, so levels can be compared.
RANK = {Classification.WHITE: 0, Classification.GREEN: 1, Classification.AMBER: 2, Classification.RED: 3}

SHARING_RULES = {
    Classification.WHITE: (
        "Information can be shared with the public, and any members may publish the information, subject to copyright."
    ),
    Classification.GREEN: (
        "Information can be shared with members of the SEC Panel and its Sub-Committees, "
        "SEC Parties and their representatives, but not published."
    ),
    Classification.AMBER: (
        "Information can be shared only with the recipients of this document and those "
        "within their organisations who need to know it."
    ),
    Classification.RED: ("Information is for the named recipients only and may not be shared further."),
}


def statement(level: str) -> str:
    """The statement at the top of a classified document."""
    label = Classification(level).label
    return (
        f"This document is classified as {label} in accordance with the Panel Information "
        f"Policy. {SHARING_RULES[Classification(level)]}"
    )


def at_most(level: str, ceiling: str) -> bool:
    return RANK[Classification(level)] <= RANK[Classification(ceiling)]


def described(level: str) -> dict[str, str]:
    """A level as templates show it: its label, value and sharing statement."""
    return {"label": Classification(level).label, "value": level, "statement": statement(level)}
