"""Municipalities' part of `webapp.personal_data`: public facts about the municipalities only."""

from __future__ import annotations

from webapp.personal_data import Part

PART = Part(
    "municipalities",
    not_personal={
        "regions": "Regions of municipalities.",
        "municipalities": "The municipalities and the public contact details of their offices.",
        "units": "Day centres, care homes and volunteer centres, with their public contact details.",
    },
)
