"""Administrators who still hold a team membership leave that team (code review, finding 5).

0015 added deferred triggers that refuse an administrator with a membership, but adding a
trigger checks no existing row: such an administrator's next UPDATE of their account (signing
in writes last_login) failed at commit, a 500 on every sign-in. This step releases them as
services.release_member_cases does (their cases in the team become unassigned, their cover
shares there end, each audited, then the membership goes), with this migration's models so it
keeps working as the models change. It is a separate migration, not a step inside 0015, so
databases that already applied 0015 are repaired too; it finds nothing to do on a second run."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def release_administrators(apps, schema_editor):
    Membership = apps.get_model("casework", "Membership")
    Case = apps.get_model("casework", "Case")
    CaseShare = apps.get_model("casework", "CaseShare")
    AuditEvent = apps.get_model("casework", "AuditEvent")
    administrator = Q(user__is_staff=True) | Q(user__is_superuser=True)
    for membership in list(Membership.objects.filter(administrator).order_by("pk")):
        user_id, team_id = membership.user_id, membership.team_id
        case_ids = list(
            Case.objects.filter(team_id=team_id, assignee_id=user_id).values_list("pk", flat=True)
        )
        Case.objects.filter(pk__in=case_ids).update(assignee=None, updated_at=timezone.now())
        shares = list(CaseShare.objects.filter(user_id=user_id, content_object__team_id=team_id))
        CaseShare.objects.filter(pk__in=[share.pk for share in shares]).delete()
        AuditEvent.objects.bulk_create(
            [AuditEvent(action="case_unassigned", case_id=pk, subject_user_id=user_id) for pk in case_ids]
            + [
                AuditEvent(action="case_share_ended", case_id=share.content_object_id, subject_user_id=user_id)
                for share in shares
            ]
            + [AuditEvent(action="membership_removed", subject_user_id=user_id, team_id=team_id)]
        )
        membership.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0020_form_submission_body_digest"),
    ]

    operations = [
        migrations.RunPython(release_administrators, migrations.RunPython.noop),
    ]
