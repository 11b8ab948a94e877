"""A server-rendered SVG line chart of quiz scores over time (no script)."""

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


def score_chart(attempts) -> dict | None:
    """Coordinates of the points (percentages, oldest first) and the grid
    lines, for ``content/_score_chart.html``; None without attempts."""
    attempts = list(attempts)
    if not attempts:
        return None
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / (len(attempts) - 1) if len(attempts) > 1 else 0
    points = []
    for index, attempt in enumerate(attempts):
        percent = float(attempt.percent or 0)
        x = LEFT + (index * step if len(attempts) > 1 else plot_w / 2)
        y = TOP + plot_h * (1 - percent / 100)
        points.append({"x": round(x, 1), "y": round(y, 1), "attempt": attempt, "n": index + 1})
    grid = [
        {"y": round(TOP + plot_h * (1 - value / 100), 1), "label": value}
        for value in (0, 25, 50, 75, 100)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "grid": grid,
        "first": attempts[0],
        "last": attempts[-1],
    }


def grade_chart(grades) -> dict | None:
    """The same chart for grades out of 20 (``grades``: objects with
    ``grade_20``, oldest first), for ``content/_grade_chart.html``."""
    grades = list(grades)
    if not grades:
        return None
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / (len(grades) - 1) if len(grades) > 1 else 0
    points = []
    for index, line in enumerate(grades):
        value = float(line.grade_20)
        x = LEFT + (index * step if len(grades) > 1 else plot_w / 2)
        y = TOP + plot_h * (1 - value / 20)
        points.append({"x": round(x, 1), "y": round(y, 1), "line": line, "n": index + 1})
    grid = [
        {"y": round(TOP + plot_h * (1 - value / 20), 1), "label": value}
        for value in (0, 5, 10, 15, 20)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "grid": grid,
        "first": grades[0],
        "last": grades[-1],
    }
