"""Per-Step cost of the visualizer at its default scale: one model month plus every redraw.

What a Step costs the server: `model.step()` (and the no-policy twin's with `--compare`), then
the map, the four charts, a city's story, the panel and the comparison re-rendered to PNG/text
(the browser only swaps images). Prints mean, median and max seconds, and the peak memory
after the first draw and at the end (a long Play must not grow it).
Usage: uv run python benchmarks/viz_step.py [--steps N] [--scale S] [--scenario NAME] [--compare]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from sim.viz.charts import CHARTS, ChartRenderer
from sim.viz.city import CityRenderer
from sim.viz.compare import comparison_lines
from sim.viz.factory import DEFAULT_SCALE, VizModel, default_scenario_name
from sim.viz.map import MapRenderer
from sim.viz.panel import panel_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=108, help="default: the whole horizon")
    parser.add_argument("--scale", type=float, default=DEFAULT_SCALE)
    parser.add_argument("--scenario", default=default_scenario_name())
    parser.add_argument("--language", default="en")
    parser.add_argument("--compare", action="store_true", help="run the no-policy twin too")
    args = parser.parse_args()

    started = time.perf_counter()
    model = VizModel(
        scenario_name=args.scenario,
        population_scale=args.scale,
        retraining_subsidy=0.5 if args.compare else 0.0,
        compare=args.compare,
    )
    renderers = [MapRenderer(model, args.language), CityRenderer(model, 0, args.language)]
    renderers += [ChartRenderer(model, spec, args.language) for spec in CHARTS.values()]
    for renderer in renderers:
        renderer.png(model)
    build = time.perf_counter() - started
    rss_start = peak_rss_mb()

    model_s, draw_s = [], []
    for _ in range(min(args.steps, model.horizon)):
        t0 = time.perf_counter()
        model.step()
        t1 = time.perf_counter()
        for renderer in renderers:
            renderer.png(model)
        panel_lines(model, args.language)
        comparison_lines(model, args.language)
        t2 = time.perf_counter()
        model_s.append(t1 - t0)
        draw_s.append(t2 - t1)
    total = [a + b for a, b in zip(model_s, draw_s, strict=True)]
    print(
        f"scenario {model.setup.scenario_name}, scale {args.scale:g}: "
        f"{model.workers.alive_count():,} workers, {model.plants.n} plants; "
        f"build + first draw {build:.2f} s"
    )
    for name, values in (("model step", model_s), ("redraw", draw_s), ("step + redraw", total)):
        print(
            f"{name:>14}: mean {statistics.mean(values):.3f} s, "
            f"median {statistics.median(values):.3f} s, max {max(values):.3f} s"
        )

    print(
        f"peak memory: {rss_start:.0f} MB after the first draw, {peak_rss_mb():.0f} MB at the end"
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


if __name__ == "__main__":
    main()
