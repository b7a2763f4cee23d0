"""What oversight adds: the reminder outbox's health lines and the backlog's words.
It holds no survivor data, so no data area."""

from casework import hooks
from casework.ui import labels
from oversight import outbox
from oversight.backlog import FIGURES
from oversight.vocabularies import OversightAction

hooks.register(
    hooks.AppHooks(app="oversight", health_details=[outbox.health_lines], audit_actions=OversightAction)
)
labels.register(FIGURES)
