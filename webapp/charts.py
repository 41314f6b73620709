"""Charts drawn on the server by pygal, served as SVG images beside a table of the same numbers.

Pages show a chart as `<img alt=…>` inside a `<figure>` with the table next to it, so screen
readers and printers get the numbers. pygal writes its styles inside the SVG; an SVG shown as an
image runs no script, so its own response allows those styles and nothing else."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from flask import Response
from markupsafe import escape

SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@cache
def _style():
    # pygal is imported where a chart is drawn: a worker that never draws one never loads it.
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1e2b3c",
        foreground_strong="#1e2b3c",
        foreground_subtle="#4b5563",
        colors=("#0062ba", "#c3501c", "#117c48", "#6c3fa0", "#8a6100"),
        font_family="system-ui, sans-serif",
        label_font_size=16,
        major_label_font_size=16,
        legend_font_size=16,
        title_font_size=20,
        value_font_size=14,
    )


def decimal_comma(value: float | None) -> str:
    """Norwegian numbers: 6,7 not 6.7."""
    return "" if value is None else f"{value:g}".replace(".", ",")


def _chart(kind: str, title: str, labels: Sequence[str], series: dict[str, Sequence[float]], description: str) -> str:
    import pygal

    chart = getattr(pygal, kind)(
        style=_style(),
        js=[],
        disable_xml_declaration=True,
        title=title,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        print_values=len(labels) <= 12,
        explicit_size=False,
        width=800,
        height=400,
        truncate_label=-1,
        x_label_rotation=30 if len(labels) > 6 else 0,
        formatter=decimal_comma,
        value_formatter=decimal_comma,
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    # pygal writes its config as an inline script even with js=[]: an image needs none of it.
    svg = SCRIPT.sub("", chart.render(is_unicode=True))
    if description:  # pygal writes the title first; the description belongs right after it
        svg = svg.replace("</title>", f"</title><desc>{escape(description)}</desc>", 1)
    return svg


def bar_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float]], description: str = "") -> str:
    return _chart("Bar", title, labels, series, description)


def line_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float]], description: str = "") -> str:
    return _chart("Line", title, labels, series, description)


def svg_response(svg: str) -> Response:
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = IMAGE_CSP
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
