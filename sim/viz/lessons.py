"""Lesson mode: a few prepared settings, each with what to notice and what to try.

Like the Info tab of a NetLogo model: a teacher picks a lesson, the page sets the scenario and
the sliders, switches the comparison on and picks the city, and the lesson's text says in both
languages what the class should watch and what to change next. A lesson is only settings: the
page shows them on the same sliders, and the URL carries them like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.viz.settings import Settings


@dataclass(frozen=True)
class Lesson:
    """A named setting of the page with its texts (keys of `labels.TEXT`)."""

    key: str
    scenario: str
    city: str
    overrides: dict[str, float | bool] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"lesson_{self.key}"

    @property
    def notice(self) -> str:
        return f"lesson_{self.key}_notice"

    @property
    def try_next(self) -> str:
        return f"lesson_{self.key}_try"

    def settings(self, current: Settings) -> Settings:
        """The page's settings for this lesson (seed, scale, language and speed stay)."""
        return Settings(
            scenario=self.scenario,
            scale=current.scale,
            seed=current.seed,
            compare=True,
            overrides=dict(self.overrides),
            city=self.city,
            language=current.language,
            speed=current.speed,
            lesson=self.key,
        )


LESSONS = {
    lesson.key: lesson
    for lesson in (
        Lesson(
            "automation",
            "labor_reconversion",
            "ciudad_juarez_mx",
            {"cost_decline_per_year": 0.15},
        ),
        Lesson(
            "retraining",
            "labor_reconversion",
            "reynosa_mx",
            {"retraining_subsidy": 0.8, "stipend_usd_month": 300.0},
        ),
        Lesson("zones", "sez_fiscal_backing", "tijuana_mx"),
    )
}
