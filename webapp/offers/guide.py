"""The guide "Kva treng du?": plain answers → offers at the lowest fitting step, with a reason each.
Nothing is stored; the answers live only in the URL of the GET form."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from webapp.extensions import db
from webapp.municipalities.models import Municipality, Unit, UnitKind
from webapp.municipalities.services import first_unit
from webapp.offers import queries
from webapp.offers.models import Category, JoinMode, Offer, StaircaseLevel, Status, TargetGroup, WalkingAid

INTERESTS = {
    "company": {Category.MEETING_PLACE, Category.CAFE, Category.DANCE, Category.WALKING},
    "active": {Category.TRAINING, Category.WALKING, Category.HEALTHY_LIFE, Category.DANCE},
    "learn": {Category.DIGITAL, Category.HEALTHY_LIFE},
    "relative": {Category.RELATIVES},
    "mental": {Category.MENTAL_HEALTH, Category.MEETING_PLACE},
    "help": {Category.DAY_CENTRE, Category.MEETING_PLACE},
}
MAX_RESULTS = 6


@dataclass
class Suggestion:
    offer: Offer
    reason: str


@dataclass
class GuideResult:
    suggestions: list[Suggestion]
    allocation_office: Unit | None  # shown when the answers point to services that need a decision
    level: StaircaseLevel | None = None  # the step of the municipality's own staircase the answers fit


def _reason(offer: Offer, answers: dict[str, str]) -> str:
    if offer.join_mode == JoinMode.DECISION:
        return _("Needs a decision from the allocation office, which can help you apply.")
    if answers.get("travel") == "helped" and offer.join_mode == JoinMode.SIGN_UP:
        return _("When you sign up, you can ask for someone to come with you or for transport.")
    if answers.get("walking_aid") == "yes" and offer.walking_aid == WalkingAid.WITH:
        return _("Made for people who use a walking aid.")
    if answers.get("walking_aid") == "no" and offer.walking_aid == WalkingAid.WITHOUT:
        return _("Training for balance and strength for people without a walking aid.")
    if offer.join_mode == JoinMode.DROP_IN:
        return _("Just turn up: you do not need to sign up.")
    if offer.is_free:
        return _("Free, and you sign up yourself.")
    return _("You sign up yourself; no referral needed.")


def _fits(offer: Offer, answers: dict[str, str]) -> bool:
    if offer.status == Status.PAUSED:
        return False
    interest = answers.get("interest")
    if interest and offer.category not in INTERESTS.get(interest, set()):
        return False
    aid = answers.get("walking_aid")
    if aid == "yes" and offer.walking_aid == WalkingAid.WITHOUT:
        return False
    if aid == "no" and offer.walking_aid == WalkingAid.WITH:
        return False
    if interest != "relative" and offer.target_group == TargetGroup.RELATIVES:
        return False
    needs_decision = _points_to_decision(answers)
    if offer.join_mode == JoinMode.DECISION and not needs_decision:
        return False
    return True


def _points_to_decision(answers: dict[str, str]) -> bool:
    return (
        answers.get("coping") in ("periods", "most")
        or answers.get("travel") == "home"
        or answers.get("interest") == "help"
    )


def _rank(offer: Offer) -> int:
    return offer.staircase_level.rank if offer.staircase_level else 99


def suggest(municipality: Municipality, answers: dict[str, str]) -> GuideResult:
    offers = [o for o in db.session.scalars(queries.visible_in(municipality)).unique() if _fits(o, answers)]
    if offers:
        lowest = min(_rank(o) for o in offers)
        # The lowest step that fits first; one step higher too, so there is something to choose from.
        # Those at the place the person lives first, then by step.
        place = answers.get("place") or ""
        offers = sorted(
            (o for o in offers if _rank(o) <= lowest + 1),
            key=lambda o: (
                not (place and o.location is not None and o.location.place == place),
                _rank(o),
                o.text("title"),
            ),
        )
    suggestions = [Suggestion(o, _reason(o, answers)) for o in offers[:MAX_RESULTS]]
    office = first_unit(municipality, UnitKind.ALLOCATION_OFFICE) if _points_to_decision(answers) else None
    # Regional offers sit on their owner's staircase, so only the municipality's own count here.
    own = [
        s.offer.staircase_level
        for s in suggestions
        if s.offer.staircase_level and s.offer.staircase_level.municipality_id == municipality.id
    ]
    return GuideResult(suggestions, office, min(own, key=lambda level: level.rank, default=None))
