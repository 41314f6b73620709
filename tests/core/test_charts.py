from webapp.charts import IMAGE_CSP, bar_chart, line_chart, svg_response


def test_bar_chart_carries_its_title_and_values():
    svg = bar_chart("Godkjende timar", ["januar", "februar"], {"Timar": [12, 30.5]})
    assert svg.startswith("<svg") and "Godkjende timar" in svg
    assert "januar" in svg and "30,5" in svg and "30.5" not in svg


def test_line_chart_with_several_series_has_a_legend():
    svg = line_chart("Venteliste", ["v1", "v2"], {"Sterk og stødig": [3, 4], "Gågruppe": [0, 1]})
    assert "Sterk og stødig" in svg and "Gågruppe" in svg


def test_svg_response_allows_only_its_own_styles(app):
    with app.test_request_context():
        response = svg_response("<svg/>")
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == IMAGE_CSP
    assert "script" not in IMAGE_CSP


def test_a_description_follows_the_title_escaped():
    svg = bar_chart("Timar", ["januar"], {"Timar": [1]}, description="Sum <1> & meir")
    assert "<title>Timar</title><desc>Sum &lt;1&gt; &amp; meir</desc>" in svg and "<script" not in svg
