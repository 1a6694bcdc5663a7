"""Every CheckConstraint of the project is validated in Python (opsreport/lib/constraints.py),
with no query, and gives the database's verdict: compared, constraint by constraint, with
Django's own check (a query) over values at and around each condition's edges, NULLs included."""

import datetime
import itertools
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q

from opsreport.lib.constraints import CheckConstraint, NotInPython, UniqueConstraint, evaluate
from opsreport.models import Appendix
from parties.models import Applicant, EventKind, MembershipEvent
from tests.base import BaseTestCase
from tests.factories import make_party

D = datetime.date
PROJECT_APPS = {"opsreport", "parties", "helpdesk", "meetings", "mail"}


def project_checks() -> list[tuple[type[models.Model], models.CheckConstraint]]:
    return [
        (model, constraint)
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
    ]


def lookups(condition: Q) -> list[tuple[str, object]]:
    """The condition's (path, value) pairs, at any depth."""
    pairs = []
    for child in condition.children:
        pairs += lookups(child) if isinstance(child, Q) else [child]
    return pairs


def referenced(condition: Q) -> list[str]:
    """The fields a condition names, each once."""
    names = []
    for path, rhs in lookups(condition):
        names.append(path.split("__")[0])
        if isinstance(rhs, F):
            names.append(rhs.name)
    return list(dict.fromkeys(names))


def candidates(field: models.Field, condition: Q) -> list:
    """Values at and around the condition's edges for one field, NULL where the field allows it."""
    literals = [rhs for _, rhs in lookups(condition) if not isinstance(rhs, F)]
    values: list = [None] if field.null else []
    if isinstance(field, models.ForeignKey):
        return [*values, 1]
    if isinstance(field, models.BooleanField):
        return [*values, True, False]
    if isinstance(field, (models.DateTimeField,)):
        return [*values, datetime.datetime(2018, 6, 1, 12, 0, tzinfo=datetime.UTC)]
    if isinstance(field, models.DateField):
        return [*values, D(2018, 6, 1), D(2018, 6, 2), D(2018, 5, 31)]
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return [*values, -1, 0, 1, Decimal("-0.5")] if isinstance(field, models.DecimalField) else [*values, -1, 0, 1]
    strings = ["", "A", "a", "AB", "A\n", "SECMP0001", "SECMP001", "SECMP0001\n", "bogus"]
    for literal in literals:
        strings += list(literal) if isinstance(literal, (list, tuple)) else [literal]
    return [*values, *dict.fromkeys(value for value in strings if isinstance(value, str))]


class CheckConstraintTests(BaseTestCase):
    def test_every_check_constraint_of_the_project_is_validated_in_python(self):
        checks = project_checks()
        self.assertGreater(len(checks), 30)
        for model, constraint in checks:
            with self.subTest(constraint=constraint.name):
                self.assertIsInstance(constraint, CheckConstraint, "Use opsreport.lib.constraints.CheckConstraint.")
                try:
                    evaluate(constraint.condition, model())
                except NotInPython as error:
                    self.fail(f"{model.__name__}.{constraint.name} falls back to a query: {error}")

    def test_python_gives_the_databases_verdict_at_every_edge(self):
        compared, refused = 0, 0
        for model, constraint in project_checks():
            names = referenced(constraint.condition)
            fields = [model._meta.get_field(name) for name in names]
            for values in itertools.product(*(candidates(field, constraint.condition) for field in fields)):
                instance = model()
                for field, value in zip(fields, values):
                    setattr(instance, field.attname, value)
                try:
                    in_python = evaluate(constraint.condition, instance) is not False  # unknown passes, as in SQL
                except NotInPython:
                    continue  # left to the database by design (a newline in a regex lookup's value)
                against = instance._get_field_expression_map(meta=model._meta)
                in_database = Q(constraint.condition).check(against)
                self.assertEqual(
                    in_python, in_database, f"{model.__name__}.{constraint.name} with {dict(zip(names, values))}"
                )
                compared, refused = compared + 1, refused + (not in_database)
        self.assertGreater(compared, 250)
        self.assertGreater(refused, 50)  # the edges are crossed, not only approached

    def test_validation_makes_no_query_and_still_names_the_problem(self):
        applicant = Applicant(
            name="Late", category="small_supplier", applied_on=D(2018, 6, 5), acceded_on=D(2018, 6, 4)
        )
        checks = [c for c in Applicant._meta.constraints if isinstance(c, models.CheckConstraint)]
        with self.assertNumQueries(0), self.assertRaises(ValidationError) as refused:
            for constraint in checks:
                constraint.validate(Applicant, applicant)
        self.assertEqual(refused.exception.messages, ["An applicant cannot accede before applying."])

    def test_a_condition_on_an_excluded_field_is_not_checked(self):
        applicant = Applicant(
            name="Late", category="small_supplier", applied_on=D(2018, 6, 5), acceded_on=D(2018, 6, 4)
        )
        constraint = next(c for c in Applicant._meta.constraints if c.name == "applicant_accedes_after_applying")
        constraint.validate(Applicant, applicant, exclude={"applied_on"})  # as Django's own check: no error

    def test_a_value_not_yet_cleaned_is_left_to_the_database(self):
        applicant = Applicant(name="Late", category="small_supplier", applied_on="2018-06-05", acceded_on=D(2018, 6, 4))
        constraint = next(c for c in Applicant._meta.constraints if c.name == "applicant_accedes_after_applying")
        with self.assertRaises(NotInPython):
            evaluate(constraint.condition, applicant)
        with self.assertNumQueries(3), self.assertRaises(ValidationError):  # Django's query, in a savepoint
            constraint.validate(Applicant, applicant)

    def test_a_conditional_unique_constraint_asks_only_about_a_record_it_can_hold_for(self):
        party = make_party("Acceded", acceded=D(2018, 6, 1))
        one_accession = next(c for c in MembershipEvent._meta.constraints if c.name == "event_one_accession_per_party")
        self.assertIsInstance(one_accession, UniqueConstraint)
        default = MembershipEvent(party=party, kind=EventKind.DEFAULT_ENTERED, date=D(2018, 6, 10))
        with self.assertNumQueries(0):
            one_accession.validate(MembershipEvent, default)
        again = MembershipEvent(party=party, kind=EventKind.ACCESSION, date=D(2018, 6, 10))
        with self.assertRaises(ValidationError) as refused:
            again.full_clean()
        self.assertIn("This party has already acceded.", refused.exception.messages)

    def test_every_conditional_unique_constraint_skips_its_query_where_it_cannot_hold(self):
        conditional = [
            constraint
            for model in apps.get_models()
            if model._meta.app_label in PROJECT_APPS
            for constraint in model._meta.constraints
            if isinstance(constraint, models.UniqueConstraint) and constraint.condition is not None
        ]
        self.assertGreaterEqual(len(conditional), 3)
        for constraint in conditional:
            with self.subTest(constraint=constraint.name):
                self.assertIsInstance(constraint, UniqueConstraint, "Use opsreport.lib.constraints.UniqueConstraint.")

    def test_a_newline_in_a_regex_lookups_value_is_left_to_the_database(self):
        """Python's `$` matches before a final newline and PostgreSQL's does not: the database decides."""
        appendix = Appendix(letter="A\n")
        constraint = next(c for c in Appendix._meta.constraints if c.name == "appendix_letter_capital")
        with self.assertRaises(NotInPython):
            evaluate(constraint.condition, appendix)
        with self.assertNumQueries(3):  # Django's query, in a savepoint
            try:
                constraint.validate(Appendix, appendix)
                refused = False
            except ValidationError:
                refused = True
        # PostgreSQL's `$` is the end of the value; SQLite's REGEXP is Python's re.search.
        self.assertEqual(refused, connection.vendor == "postgresql")

    def test_migrations_see_a_plain_check_constraint(self):
        path, _, kwargs = project_checks()[0][1].deconstruct()
        self.assertEqual(path, "django.db.models.CheckConstraint")
        self.assertIn("condition", kwargs)
