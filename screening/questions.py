"""The screening interview's questions, declared as data, one version per edition.

An interview keeps the version it was started with, so changing the questions (a new
version here) never alters or breaks an interview already taken. Every answer is stored
in one encrypted JSON document; forms, validation and rendering are built from these
declarations (screening/forms.py), so a question is added in one place.

Sources: the IOM Screening Interview Form's structure, WHO ethical and safety
recommendations, the ILO indicators of forced labour and HTCDS methods of control
(docs/domain.md, "Screening"). The IOM form's exact wording was not available: the wording
is ours.
"""

from dataclasses import dataclass, field

from screening.vocabularies import InterviewOutcome

TEXT, LONG_TEXT, DATE, YES_NO, CHOICE, MULTI, INDICATORS = (
    "text",
    "long_text",
    "date",
    "yes_no",
    "choice",
    "multi",
    "indicators",
)


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    help_text: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 5000
    # The message when a required answer is missing, in the Design System's words ("Enter...",
    # "Select yes if..."); without one it is made from the label.
    error: str = ""
    # Required only when another question of the section has this answer: (key, value).
    required_if: tuple[str, str] | None = None
    # What the form starts with on a new interview: "today" or "signed_in_user".
    starts_as: str = ""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""


@dataclass(frozen=True)
class Questionnaire:
    version: int
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)


ILO_INDICATORS = (
    ("abuse_of_vulnerability", "Abuse of vulnerability"),
    ("deception", "Deception"),
    ("restriction_of_movement", "Restriction of movement"),
    ("isolation", "Isolation"),
    ("physical_sexual_violence", "Physical and sexual violence"),
    ("intimidation_threats", "Intimidation and threats"),
    ("retention_of_documents", "Retention of identity documents"),
    ("withholding_wages", "Withholding of wages"),
    ("debt_bondage", "Debt bondage"),
    ("abusive_conditions", "Abusive working and living conditions"),
    ("excessive_overtime", "Excessive overtime"),
)
HTCDS_CONTROL_METHODS = (
    ("takes_earnings", "Takes earnings"),
    ("restricts_financial_access", "Restricts access to money"),
    ("psychological_abuse", "Psychological abuse"),
    ("false_promises", "False promises"),
    ("psychoactive_substances", "Psychoactive substances"),
    ("restricts_medical_care", "Restricts medical care"),
    ("threat_of_law_enforcement", "Threatens with the police or immigration"),
    ("withholds_necessities", "Withholds food, sleep or other necessities"),
    ("uses_children", "Uses or threatens children"),
)
OUTCOMES = tuple(
    (outcome.value, outcome.label)
    for outcome in (InterviewOutcome.REFER_NRM, InterviewOutcome.DTN_ONLY, InterviewOutcome.NO_REFERRAL)
)

VERSION_1 = Questionnaire(
    version=1,
    sections=(
        Section(
            "details",
            "Interview details",
            (
                Question("interview_date", "Date of the interview", DATE, required=True, starts_as="today"),
                Question(
                    "place",
                    "Where the interview took place",
                    TEXT,
                    required=True,
                    max_length=300,
                    error="Enter where the interview took place",
                ),
                Question(
                    "interviewer",
                    "Interviewer",
                    TEXT,
                    required=True,
                    max_length=200,
                    error="Enter the interviewer's name",
                    starts_as="signed_in_user",
                ),
                Question(
                    "interpreter_used",
                    "Was an interpreter used?",
                    YES_NO,
                    required=True,
                    error="Select yes if an interpreter was used",
                ),
                Question(
                    "interpreter_language",
                    "Interpreting language",
                    TEXT,
                    max_length=100,
                    help_text="If an interpreter was used.",
                    required_if=("interpreter_used", "yes"),
                    error="Enter the interpreting language",
                ),
                Question(
                    "interpreter_knows_survivor",
                    "Does the interpreter know the survivor or their community?",
                    YES_NO,
                    help_text="If so, consider another interpreter: it may not be safe.",
                ),
                Question("others_present", "Who else was present", LONG_TEXT, max_length=1000),
                Question(
                    "same_sex_requested", "Did the survivor ask for an interviewer of the same sex?", YES_NO
                ),
            ),
        ),
        Section(
            "consent",
            "Informed consent to the interview",
            (
                Question(
                    "purpose_explained",
                    "Were the purpose of the interview and how the information will be used explained?",
                    YES_NO,
                    required=True,
                    error="Select yes if the purpose of the interview and the use of the information "
                    "were explained",
                ),
                Question(
                    "rights_explained",
                    "Was the survivor told they need not answer any question and can stop at any time?",
                    YES_NO,
                    required=True,
                    error="Select yes if the survivor was told they need not answer and can stop",
                ),
                Question(
                    "consent_given",
                    "Did the survivor agree to the interview?",
                    YES_NO,
                    required=True,
                    error="Select yes if the survivor agreed to the interview",
                ),
                Question("consent_notes", "Notes on consent", LONG_TEXT, max_length=2000),
            ),
            intro="WHO principle 6: informed consent covers the purpose, the use of the information, "
            "the right not to answer, the right to stop, and the limits on confidentiality.",
        ),
        Section(
            "circumstances",
            "Personal circumstances",
            (
                Question("education", "Education", LONG_TEXT, max_length=2000),
                Question("family", "Family and dependants", LONG_TEXT),
                Question("vulnerabilities", "Vulnerabilities before the exploitation", LONG_TEXT),
                Question("documents", "Identity documents held now", LONG_TEXT, max_length=2000),
            ),
        ),
        Section(
            "recruitment",
            "Recruitment",
            (
                Question("how_contacted", "How the survivor was first contacted", LONG_TEXT),
                Question("recruiter_relationship", "Relationship to the recruiter", TEXT, max_length=300),
                Question("promised", "What was promised (work, pay, conditions)", LONG_TEXT),
                Question("fees_debts", "Fees paid or debts taken on", LONG_TEXT),
                Question("contract", "Was there a contract? What did it say?", LONG_TEXT),
            ),
        ),
        Section(
            "movement",
            "Movement and transport",
            (
                Question("route", "The route travelled", LONG_TEXT),
                Question("travel_documents", "Documents used to travel (own, false, none)", LONG_TEXT),
                Question("border_crossings", "Border crossings", LONG_TEXT),
                Question("escorts", "Was the survivor escorted? By whom?", LONG_TEXT),
            ),
        ),
        Section(
            "exploitation",
            "Exploitation",
            (
                Question("work_type", "Type of work or exploitation", LONG_TEXT, required=True),
                Question("place", "Where it happened", LONG_TEXT),
                Question("hours", "Hours worked", TEXT, max_length=300),
                Question("pay_deductions", "Pay and deductions", LONG_TEXT),
                Question("living_conditions", "Living conditions", LONG_TEXT),
                Question("movement_restricted", "Was their movement restricted?", YES_NO),
                Question("violence_threats", "Violence and threats", LONG_TEXT),
                Question("documents_withheld", "Were their documents withheld?", YES_NO),
                Question("substances", "Were drugs or alcohol used to control them?", YES_NO),
            ),
        ),
        Section(
            "exit",
            "Exit",
            (
                Question("how_left", "How the survivor left (escape, rescue, release...)", LONG_TEXT),
                Question("current_threats", "Threats now, from the exploiters or others", LONG_TEXT),
            ),
        ),
        Section(
            "needs",
            "Current needs and risks",
            (
                Question("health", "Health needs", LONG_TEXT),
                Question("safety", "Safety now", LONG_TEXT),
                Question("accommodation", "Accommodation", LONG_TEXT),
                Question("children", "Children and their needs", LONG_TEXT),
                Question(
                    "help_police",
                    "Does the survivor wish to help the police?",
                    CHOICE,
                    choices=(
                        ("yes", "Yes"),
                        ("no", "No"),
                        ("not_now", "Not now"),
                        ("not_asked", "Not asked"),
                    ),
                    help_text="Optional: support never depends on it.",
                ),
            ),
        ),
        Section(
            "indicators",
            "Indicators",
            (
                Question("ilo", "ILO indicators of forced labour", INDICATORS, choices=ILO_INDICATORS),
                Question("htcds", "Methods of control (HTCDS)", INDICATORS, choices=HTCDS_CONTROL_METHODS),
            ),
            intro="Tick each indicator seen and note the evidence for it. One may be enough; often "
            "several are needed together.",
        ),
        Section(
            "assessment",
            "Assessment and outcome",
            (
                Question("action", "Action: how the survivor was recruited, moved or held", LONG_TEXT),
                Question("means", "Means: force, threat, deception, abuse of vulnerability", LONG_TEXT),
                Question("purpose", "Purpose: the exploitation", LONG_TEXT),
                Question(
                    "outcome", "Outcome", CHOICE, required=True, choices=OUTCOMES, error="Select the outcome"
                ),
                Question("outcome_reasons", "Reasons for the outcome", LONG_TEXT, required=True),
            ),
        ),
    ),
)

QUESTIONNAIRES: dict[int, Questionnaire] = {1: VERSION_1}
CURRENT_VERSION = max(QUESTIONNAIRES)


def questionnaire(version: int) -> Questionnaire:
    return QUESTIONNAIRES[version]


def question_label(code: str) -> str | None:
    """ "recruitment.promised" (how the audit trail names a question) -> "Recruitment: What was
    promised (work, pay, conditions)", from the newest edition that has it."""
    slug, _, key = code.partition(".")
    for version in sorted(QUESTIONNAIRES, reverse=True):
        section = QUESTIONNAIRES[version].section(slug)
        if section is None:
            continue
        if not key:
            return section.title
        for question in section.questions:
            if question.key == key:
                return f"{section.title}: {question.label}"
    return None
