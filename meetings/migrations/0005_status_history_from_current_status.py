"""Give every modification a status history from what was stored before there was one.

Two kinds of row, written in this order so that, on a day with both, the recorded status
counts (the later row wins a tie):
1. each approval or rejection at a Change Board or Panel meeting, dated the meeting's last
   date and linked to the decision, as saving a decision now does;
2. each modification's status as stored, dated the last day a meeting (any committee) took it
   up, the latest day that status is known to have held; a modification no meeting mentions
   gets today's date, since nothing says how long it has held it.
Where a decision and the stored status disagree (approved at the Change Board, still "Report
Phase"), both are kept and the paper's review shows the contradiction.
"""

import django.utils.timezone
from django.db import migrations
from django.db.models import Max

DECIDING = {"sec_panel", "change_board"}
OUTCOME_STATUS = {"approved": "approved", "rejected": "rejected"}


def forwards(apps, schema_editor):
    Modification = apps.get_model("meetings", "Modification")
    MeetingModification = apps.get_model("meetings", "MeetingModification")
    MeetingDate = apps.get_model("meetings", "MeetingDate")
    StatusChange = apps.get_model("meetings", "StatusChange")
    last_date = dict(MeetingDate.objects.values_list("meeting").annotate(last=Max("date")).order_by())
    decided = []
    latest_mention = {}
    for decision in MeetingModification.objects.select_related("meeting__committee").order_by("pk"):
        day = last_date.get(decision.meeting_id)
        if day is None:
            continue
        mod = decision.modification_id
        latest_mention[mod] = max(day, latest_mention.get(mod, day))
        status = OUTCOME_STATUS.get(decision.outcome)
        if status and decision.meeting.committee.category in DECIDING:
            decided.append(StatusChange(modification_id=mod, status=status, date=day, decision=decision))
    StatusChange.objects.bulk_create(decided)
    today = django.utils.timezone.localdate()
    StatusChange.objects.bulk_create(
        StatusChange(modification_id=pk, status=status, date=latest_mention.get(pk, today))
        for pk, status in Modification.objects.order_by("pk").values_list("pk", "status")
    )


def backwards(apps, schema_editor):
    """Put back each modification's latest status as its stored one."""
    Modification = apps.get_model("meetings", "Modification")
    StatusChange = apps.get_model("meetings", "StatusChange")
    for change in StatusChange.objects.order_by("modification", "date", "pk"):
        Modification.objects.filter(pk=change.modification_id).update(status=change.status)
    StatusChange.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_status_history_and_committee_patterns")]

    operations = [migrations.RunPython(forwards, backwards)]
