"""Route guards: not logged in → the login page; logged in without the role → 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g
from flask_login import current_user

from webapp.accounts.models import Role
from webapp.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def require_role(*roles: Role, scoped: bool = True) -> Callable[[F], F]:
    """The person must hold one of the roles; with `scoped`, in the municipality of the page."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            municipality = kwargs.get("municipality") if scoped else None
            if municipality is None and scoped:
                municipality = g.get("municipality")
            if not any(current_user.has_role(role, municipality) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
