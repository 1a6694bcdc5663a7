"""Field and constraint helpers shared by every app that stores monthly figures."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from opsreport.lib.constraints import CheckConstraint
from opsreport.lib.months import EARLIEST_MONTH, latest_month_allowed


def validate_first_of_month(value: datetime.date | None) -> None:
    if value is not None and value.day != 1:
        raise ValidationError(
            "A month is stored as its first day: enter %(first)s for %(label)s.",
            code="not_first_of_month",
            params={"first": value.replace(day=1).strftime("%d/%m/%Y"), "label": value.strftime("%B %Y")},
        )


def validate_month_in_range(value: datetime.date | None) -> None:
    """A month from January 1990 to a year after today: anything else is a typing slip."""
    if value is None:
        return
    latest = latest_month_allowed(timezone.localdate())
    if not EARLIEST_MONTH <= value.replace(day=1) <= latest:
        raise ValidationError(
            "Enter a month from %(first)s to %(last)s.",
            code="month_out_of_range",
            params={"first": EARLIEST_MONTH.strftime("%B %Y"), "last": latest.strftime("%B %Y")},
        )


class MonthField(models.DateField):
    """A calendar month, stored as the date of its first day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "The first day of the month, e.g. 01/06/2018 for June 2018.")
        super().__init__(*args, **kwargs)
        for validator in (validate_first_of_month, validate_month_in_range):
            if validator not in self.validators:
                self.validators.append(validator)


def first_of_month_constraint(model_name: str, field: str = "month") -> CheckConstraint:
    return CheckConstraint(
        condition=models.Q(**{f"{field}__day": 1}),
        name=f"{model_name}_{field}_first_of_month",
        violation_error_message="A month is stored as its first day.",
    )


def not_negative_constraint(model_name: str, field: str) -> CheckConstraint:
    return CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}),
        name=f"{model_name}_{field}_not_negative",
        violation_error_message=f"{field.replace('_', ' ').capitalize()} cannot be negative.",
    )


def choices_constraint(
    model_name: str, field: str, choices: type[models.Choices], message: str | None = None
) -> CheckConstraint:
    """The database refuses a value outside the field's choices, as forms already do."""
    labels = [str(label) for label in choices.labels]
    return CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"{model_name}_{field}_valid",
        violation_error_message=message or f"Choose {', '.join(labels[:-1])} or {labels[-1]}.",
    )
