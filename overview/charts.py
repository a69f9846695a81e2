"""The geometry of the statistics charts: inline SVG drawn by templates, no JavaScript."""

CHART_WIDTH = 320
ROW_HEIGHT = 30


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, float | int | None]]) -> dict:
    """Horizontal bars, each label above its bar: readable at 360 px and at 1280 px."""
    values = [value or 0 for _label, value in rows]
    top = max(values, default=0) or 1
    room = CHART_WIDTH - 40  # leaves space for the number after the longest bar
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round((value or 0) * room / top, 1)
        y = index * ROW_HEIGHT
        bars.append(
            {
                "label": label,
                "value": value if value is not None else 0,
                "label_y": y + 11,
                "bar_y": y + 15,
                "width": max(width, 1),
                "value_x": max(width, 1) + 4,
                "value_y": y + 25,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT + 4,
        "bars": bars,
    }


COVERAGE_COLUMNS = 3
CELL_WIDTH = 104
CELL_HEIGHT = 34


def coverage_grid(rows: list[list]) -> dict:
    """Kelurahan as a grid of cells, coloured when at least one verified KIM covers them."""
    cells = []
    for index, (kecamatan, kelurahan, kims) in enumerate(rows):
        column, row = index % COVERAGE_COLUMNS, index // COVERAGE_COLUMNS
        x, y = column * (CELL_WIDTH + 4), row * (CELL_HEIGHT + 4)
        cells.append(
            {
                "name": kelurahan,
                "kecamatan": kecamatan,
                "covered": kims > 0,
                "x": x,
                "y": y,
                "text_x": x + CELL_WIDTH / 2,
                "text_y": y + 21,
            }
        )
    row_count = -(-len(cells) // COVERAGE_COLUMNS)
    return {
        "id": "chart-coverage",
        "cells": cells,
        "width": COVERAGE_COLUMNS * (CELL_WIDTH + 4) - 4,
        "height": max(row_count, 1) * (CELL_HEIGHT + 4),
        "cell_width": CELL_WIDTH,
        "cell_height": CELL_HEIGHT,
        "covered": sum(1 for cell in cells if cell["covered"]),
        "total": len(cells),
    }
