"""From an uploaded file's bytes to a plan, the way the web page and the commands both do it."""

import datetime

from opsreport.workbook import plan as planning
from opsreport.workbook import reading
from opsreport.workbook.apply import rehearse


def preview(month: datetime.date, data: bytes, filename: str, sheet: str | None = None) -> planning.Plan:
    """The dry-run plan for a file: read (bounded), checked, and rehearsed in a rolled-back
    transaction. Nothing is written."""
    problem = planning.month_problem(month)
    if problem:
        result = planning.Plan(month, filename)
        result.errors.append(reading.Problem(None, None, None, problem))
        return result
    try:
        tables, problems = reading.read(data, filename, sheet)
    except reading.Unreadable as refused:
        result = planning.Plan(month, filename)
        result.errors.append(refused.problem)
        return result
    single = filename.lower().endswith(".csv")
    result = planning.build(month, tables, problems, filename, single_sheet=single)
    return rehearse(result)


def text_report(plan: planning.Plan) -> str:
    """The preview as lines of text, for the command line."""
    lines = [plan.title]
    for name, rows, errors in plan.sheets():
        lines.append("")
        lines.append(f"== {name or 'The file'}" + (f": {plan.sheet_summary(rows)}" if rows else ""))
        for row in rows:
            detail = "; ".join(
                f"{what}: {old} → {new}" for what, old, new in row.changes if row.status != planning.SAME
            )
            lines.append(f"  row {row.row:>3}  {row.label}: {row.status_label}" + (f" ({detail})" if detail else ""))
        for error in errors:
            lines.append(f"  ERROR {error}")
        for warning in (w for w in plan.warnings if w.sheet == name):
            lines.append(f"  WARNING {warning}")
    lines.extend(reconciliation_lines(plan))
    counts = plan.counts
    lines.append("")
    lines.append(
        f"{counts['create']} to create, {counts['change']} to change, {counts['unchanged']} unchanged, "
        f"{counts['empty']} empty; {len(plan.errors)} error{'s' if len(plan.errors) != 1 else ''}."
    )
    return "\n".join(lines)


def reconciliation_lines(plan: planning.Plan) -> list[str]:
    """The register's Published figures compared (once they have been): each difference, to
    look at before going live; accepted ones say so."""
    if not plan.compared:
        return []
    open_ = sum(1 for d in plan.differences if not d.accepted)
    lines = [
        "",
        f"== Published figures: {plan.compared:,} compared, {len(plan.differences)} differ"
        f"{'s' if len(plan.differences) == 1 else ''} ({open_} open; not errors: accept each with a note "
        "at /register/reconcile/)",
    ]
    lines.extend(f"  DIFFERENCE {d}" + (" (accepted)" if d.accepted else "") for d in plan.differences)
    return lines
