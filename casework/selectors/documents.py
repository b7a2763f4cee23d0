"""Reading a case's documents: the list (with each one's versions and what it is attached to),
the records a document can be attached to, and which records have a document held. A fixed
number of queries whatever the case holds; the storage objects are never read here."""

from django.db.models import Prefetch, QuerySet

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.models import Case, Document, DocumentFile
from casework.selectors.task_subjects import records
from casework.services.record_kinds import KINDS, document_subject_kinds

NAME_COLUMNS = ("first_name", "last_name", "username")

# The file columns a list shows: never the wrapped key nor the (encrypted) original name.
_LISTED_FILE_COLUMNS = ("number", "size", "content_type", "extension", "uploaded_at", "uploaded_by")


def _files() -> QuerySet[DocumentFile]:
    return DocumentFile.objects.select_related("uploaded_by").only(
        "document_id", *_LISTED_FILE_COLUMNS, *(f"uploaded_by__{column}" for column in NAME_COLUMNS)
    )


def held_documents(case: Case) -> list[Document]:
    """The case's documents not deleted, newest first, each with `versions` (newest first: the
    current file, then the earlier ones) and `about_name` (what it is attached to, in words)."""
    documents = list(
        Document.objects.filter(case=case, deleted_at=None)
        .select_related("added_by")
        .defer("notes", "delete_reason")
        .prefetch_related(Prefetch("files", queryset=_files(), to_attr="versions"))
    )
    names = subject_names(documents, case)
    for document in documents:
        document.about_name = names.get(document.pk, "")
    return documents


def held_document(case: Case, pk: int) -> Document | None:
    return Document.objects.filter(case=case, pk=pk, deleted_at=None).first()


def document_file(document: Document, number: int | None = None) -> DocumentFile | None:
    """A version of the document's file (the current one when `number` is None)."""
    files = DocumentFile.objects.filter(document=document)
    if number is not None:
        files = files.filter(number=number)
    return files.order_by("-number").first()


def subject_choices(case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    """The case's records a document can be attached to ("kind:id", name), grouped by kind for a
    select's optgroups: one query per kind that allows it. All of them, newest first (a letter
    may arrive for an old decision; a case holds tens of such records, not thousands)."""
    groups = []
    for kind in document_subject_kinds():
        assert kind.task_subject_name is not None  # register_kind checks it
        found = records(kind).filter(**{kind.task_subject_case: case}).order_by("-pk")
        options = [(f"{kind.key}:{record.pk}", kind.task_subject_name(record)) for record in found]
        if options:
            groups.append((kind.title, options))
    return groups


def subject_names(documents: list[Document], case: Case) -> dict[int, str]:
    """{document id: what it is attached to, in words}: one query per kind attached to. A record
    deleted since is said to be."""
    wanted: dict[str, set[int]] = {}
    for document in documents:
        if document.about_kind and document.about_id is not None:
            wanted.setdefault(document.about_kind, set()).add(document.about_id)
    found: dict[tuple[str, int], str] = {}
    for key, ids in wanted.items():
        kind = KINDS.get(key)
        if kind is not None and kind.task_subject_name is not None and kind.document_subject:
            for record in records(kind).filter(pk__in=ids, **{kind.task_subject_case: case}):
                found[(key, record.pk)] = kind.task_subject_name(record)
    names = {}
    for document in documents:
        if document.about_kind:
            kind = KINDS.get(document.about_kind)
            title = kind.title if kind else "A record"
            names[document.pk] = found.get(
                (document.about_kind, document.about_id), f"{title} (since deleted)"
            )
    return names


def held_for_records(case: Case) -> dict[tuple[str, int], Document]:
    """{(record kind, record id): the newest document held attached to it}, for the "Letter held"
    links on the records' own pages: one query, however many records and documents."""
    held: dict[tuple[str, int], Document] = {}
    attached = (
        Document.objects.filter(case=case, deleted_at=None)
        .exclude(about_kind="")
        .only("id", "about_kind", "about_id", "case_id", "added_at")
        .order_by("added_at", "pk")
    )
    for document in attached:
        assert document.about_id is not None  # document_about_kind_and_id_together
        held[(document.about_kind, document.about_id)] = document  # the newest wins
    return held


DOCUMENT = "document"  # the timeline's kind of event (its filter)
RANK_ADDED, RANK_REPLACED, RANK_DELETED = 50, 51, 52
# What the timeline says of a document deleted as added in error: its title is blanked.
DELETED_TITLE = "Document (deleted)"


def document_events(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """Documents added, replaced (a new version) and deleted, with their titles (the reader may
    see the case): two queries, all of a case's documents (a case holds few)."""
    if not query.wants(DOCUMENT):
        return []
    names = [f"{who}__{column}" for who in ("added_by", "deleted_by") for column in NAME_COLUMNS]
    rows = (
        Document.objects.filter(case=case)
        .select_related("added_by", "deleted_by")
        .only("id", "kind", "title", "added_at", "deleted_at", *names)
    )
    events = []
    for document in rows:
        kind = document.get_kind_display()
        typed = document.title if document.deleted_at is None else DELETED_TITLE
        events.append(
            TimelineEvent.happened(
                document.added_at,
                kind=DOCUMENT,
                title="Document added",
                by=document.added_by.display_name,
                typed=typed,
                details=(kind,),
                rank=RANK_ADDED,
                key=document.pk,
            )
        )
        if document.deleted_at is not None:
            assert document.deleted_by is not None  # document_deleted_at_and_by_together
            events.append(
                TimelineEvent.happened(
                    document.deleted_at,
                    kind=DOCUMENT,
                    title="Document deleted (added in error)",
                    by=document.deleted_by.display_name,
                    typed=typed,
                    details=(kind,),
                    rank=RANK_DELETED,
                    key=document.pk,
                )
            )
    replaced = (
        DocumentFile.objects.filter(document__case=case, number__gt=1)
        .select_related("uploaded_by", "document")
        .only(
            "id",
            "number",
            "uploaded_at",
            "document__title",
            *(f"uploaded_by__{column}" for column in NAME_COLUMNS),
        )
    )
    for file in replaced:
        events.append(
            TimelineEvent.happened(
                file.uploaded_at,
                kind=DOCUMENT,
                title=f"Document replaced (version {file.number})",
                by=file.uploaded_by.display_name,
                typed=file.document.title,  # a deleted document's files are gone, these with them
                rank=RANK_REPLACED,
                key=file.pk,
            )
        )
    return events


TIMELINE = TimelineSource(kinds=[(DOCUMENT, "Documents")], events=document_events)
