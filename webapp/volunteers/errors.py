"""The one error of the volunteers package, at the bottom of its imports."""

from __future__ import annotations


class VolunteerError(Exception):
    """A rule was broken; the message is translated and safe to show."""
