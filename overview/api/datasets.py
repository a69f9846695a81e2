"""The public statistics as datasets with stable names and columns (the data dictionary).

Column names and values never change with the reader's language: a dataset downloaded today and
next year can be read by the same script. Only the descriptions are translated, for the
data-dictionary page.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from materials.models import DisseminationReport
from overview import statistics
from overview.statistics import Period


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a JSON Schema type: "string", "integer" or "number"
    description: Promise
    nullable: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    by_year: bool  # True: the rows cover one calendar year (WIB), chosen with ?year=

    def rows(self, year: int | None) -> list[list]:
        return BUILDERS[self.name](Period(year) if year else None)


MONTH = Column("month", "string", _("Month, as YYYY-MM (Western Indonesian Time)."))
KECAMATAN = Column("kecamatan", "string", _("Name of the kecamatan."))

DATASETS = {
    dataset.name: dataset
    for dataset in [
        Dataset(
            "kecamatan",
            _("KIM per kecamatan"),
            _("Verified KIM in each kecamatan and their active members, today."),
            (
                KECAMATAN,
                Column("verified_kims", "integer", _("Verified KIM in the kecamatan.")),
                Column("members", "integer", _("Active members of those KIM.")),
            ),
            by_year=False,
        ),
        Dataset(
            "kelurahan",
            _("KIM coverage per kelurahan"),
            _("Every kelurahan and how many verified KIM it has, today (0: none yet)."),
            (
                KECAMATAN,
                Column("kelurahan", "string", _("Name of the kelurahan.")),
                Column("verified_kims", "integer", _("Verified KIM in the kelurahan.")),
            ),
            by_year=False,
        ),
        Dataset(
            "news-months",
            _("News published per month"),
            _("Articles published on the portal in each month of the year."),
            (MONTH, Column("published", "integer", _("Articles published in the month."))),
            by_year=True,
        ),
        Dataset(
            "events",
            _("Events held"),
            _("Events of the year that have taken place, their attendance and feedback."),
            (
                Column("events_held", "integer", _("Published events that have ended.")),
                Column("attended", "integer", _("Registrations checked in at the event.")),
                Column("confirmed", "integer", _("Registrations confirmed or attended.")),
                Column(
                    "attendance_rate",
                    "number",
                    _("Attended as a percentage of confirmed; empty when none."),
                    nullable=True,
                ),
                Column(
                    "average_rating",
                    "number",
                    _("Average feedback from 1 to 5; empty when none."),
                    nullable=True,
                ),
                Column("ratings", "integer", _("Feedback forms filled in.")),
            ),
            by_year=True,
        ),
        Dataset(
            "programs",
            _("Work-program completion"),
            _("Activities in the year's approved KIM work programs and how many are done."),
            (
                Column("approved_programs", "integer", _("Approved work programs.")),
                Column("activities", "integer", _("Their activities, cancelled ones left out.")),
                Column("done", "integer", _("Activities done.")),
                Column(
                    "completion",
                    "number",
                    _("Done as a percentage of activities; empty when none."),
                    nullable=True,
                ),
            ),
            by_year=True,
        ),
        Dataset(
            "dissemination-months",
            _("Information materials spread per month"),
            _("Reports of KIM members spreading the city's information materials."),
            (
                MONTH,
                Column("reports", "integer", _("Dissemination reports filed.")),
                Column("people_reached", "integer", _("People reached, as the reports estimate.")),
            ),
            by_year=True,
        ),
        Dataset(
            "dissemination-kecamatan",
            _("Information materials spread per kecamatan"),
            _("The same reports, counted by the kecamatan of the reporting KIM."),
            (
                KECAMATAN,
                Column("reports", "integer", _("Dissemination reports filed.")),
                Column("people_reached", "integer", _("People reached, as the reports estimate.")),
            ),
            by_year=True,
        ),
    ]
}


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _news_months(period: Period) -> list[list]:
    return [
        [_month(period.year, row["month"]), row["published"]]
        for row in statistics.news_month_counts(period, submitted=False)
    ]


def _events(period: Period) -> list[list]:
    return statistics.events_table(statistics.events_summary(period)).rows


def _programs(period: Period) -> list[list]:
    return statistics.programs_table(statistics.program_completion(period.year)).rows


def _dissemination_months(period: Period) -> list[list]:
    reports = DisseminationReport.objects.filter(period.range("shared_at"))
    by_month = {row["month"].month: row for row in reports.totals_by_month(period.year)}
    return [
        [
            _month(period.year, month),
            by_month.get(month, {}).get("reports", 0),
            by_month.get(month, {}).get("people", 0) or 0,
        ]
        for month in period.months()
    ]


def _dissemination_kecamatan(period: Period) -> list[list]:
    return [
        [row[0], row[1], row[2] or 0]
        for row in statistics.dissemination_kecamatan_table(period).rows
    ]


BUILDERS = {
    "kecamatan": lambda period: statistics.kecamatan_table().rows,
    "kelurahan": lambda period: statistics.kelurahan_table().rows,
    "news-months": _news_months,
    "events": _events,
    "programs": _programs,
    "dissemination-months": _dissemination_months,
    "dissemination-kecamatan": _dissemination_kecamatan,
}
