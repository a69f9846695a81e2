"""workshops.ical.fold folds content lines exactly as icalendar does (RFC 5545 3.1), only faster:
compared on generated lines with multi-byte characters and escapes near every boundary, and on
a whole calendar."""

import icalendar
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser import Contentline

from workshops.ical import fold

# ASCII, escapes, and characters of two, three and four octets in UTF-8.
PIECES = st.sampled_from(["a", " ", "\\\\", "\\,", "^", "é", "’", "—", "🙂", "Syafi’i"])


@given(st.lists(PIECES, max_size=400).map("".join))
def test_fold_is_icalendars_folding(text):
    line = "DESCRIPTION:" + text
    assert fold(line) == Contentline(line).to_ical()


def test_a_calendar_folds_to_icalendars_bytes():
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//uji//")
    event = icalendar.Event()
    event.add("summary", "Pelatihan jurnalistik warga — Syafi’i, Tingkir; " * 6)
    event.add("description", "Baris satu\nbaris dua, dengan \\ garis miring; " * 9)
    calendar.add_component(event)

    ours = b"".join(fold(line) + b"\r\n" for line in calendar.content_lines() if line)

    assert ours == calendar.to_ical()
    assert max(len(line) for line in ours.split(b"\r\n")) <= 75
