"""Staff removals and refusals ask first. Their buttons carry a hidden `ask` field: a POST with it
changes nothing and answers with a page that says what will be lost and repeats the form (the same
fields, hidden) with a button that goes ahead, and a way back. It is a plain form, so it works
without JavaScript. A POST without `ask` (the confirm page's own button) does the work."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import render_template, request

from webapp.navigation import current_path, safe_next

ASK = "ask"
BACK = "return_to"


def asks_first(consequence: Any, when: Callable[..., bool] | None = None):
    """Decorate a POST view (below its access check): with `ask` in the form, show the confirm
    page saying `consequence` (a lazy string) instead of running the view. `when(**view_args)`
    limits the question to some variants of the route (decline but not approve)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if request.form.get(ASK) and (when is None or when(**kwargs)):
                fields = [(k, v) for k, v in request.form.items(multi=True) if k not in (ASK, BACK, "csrf_token")]
                return render_template(
                    "confirm.html",
                    consequence=consequence,
                    action=current_path(),
                    fields=fields,
                    back=safe_next(request.form.get(BACK)),
                )
            return view(*args, **kwargs)

        return wrapper

    return decorate
