"""The paper's figures for the screen: the same plotly figures as the PDF's SVGs, drawn live.

The PDF keeps its fixed 680 x 340 SVG (charts.py); scaled down to a phone's width that SVG's
text shrinks to about 5 px. On screen the same figure is handed to plotly.js
(static/paper/figures.js), which draws it at the width the page has, so its text stays at
its size. The page keeps the SVG (or, without charts, the figure's table) for readers without
scripts; the script hides it once the live figure is drawn.
"""

import json

from opsreport.paper import charts

# The most characters of an axis title on one line beside the screen's plot, which is shorter
# than the PDF's: Figure 2's "Visits and page views (number per month)" ran off its top.
LONG_TITLE = 24


def two_lines(text):
    """`text` broken at the space nearest its middle, for plotly ("a<br>b")."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{text[:middle]}<br>{text[middle + 1 :]}"


def screen_figure(data):
    """A plain dict of the plotly figure for `data` (a FigureData), sized by the page.

    The fixed size is dropped, so plotly fills the figure's width; the caption under the figure
    names it, so a title inside the chart would only repeat it; margins grow to fit tick labels.
    """
    figure = json.loads(charts.figure_for(data).to_json())
    layout = figure.setdefault("layout", {})
    for key in ("width", "title"):
        layout.pop(key, None)
    layout["autosize"] = True
    layout["height"] = 340
    layout["margin"] = {"l": 8, "r": 8, "t": 24, "b": 8}
    layout["font"] = {**layout.get("font", {}), "size": 13}
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {**layout.get(axis, {}), "automargin": True}
    title = layout["yaxis"].get("title") or {}
    if len(title.get("text") or "") > LONG_TITLE:
        layout["yaxis"]["title"] = {**title, "text": two_lines(title["text"])}
    if "legend" in layout:  # below the plot, clear of the month labels whatever their angle
        layout["legend"] = {**layout["legend"], "yref": "container", "y": 0, "yanchor": "bottom"}
        layout["margin"]["b"] = 40
    return figure
