"""The one refusal every app's services raise: its message is shown to the person as is."""


class ActionRefused(Exception):
    """The rules forbid what a person asked for (a state change, a membership step, a seat)."""
