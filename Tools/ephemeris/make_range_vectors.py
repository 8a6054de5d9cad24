#!/usr/bin/env python3
"""Reference vectors over the whole DE421 span, from the original computation itself.

Writes Tests/AstronomyTests/Resources/range_vectors.json: `/events` results (events.md §2) and moon
rise/set/illumination results (§3) for several sites in both hemispheres, at instants spread over
every decade from 1900-01-01 to 2053-10-01, on the first and last days of that range, and in the
days where the original meets the ends of what it reads: DE421 starts on 1899-07-29, and ends on
2053-10-09 but jplephem extrapolates its last records, so the original answers up to 2053-10-13.
Where the original fails, the entry gives the kind of failure instead of a result.

Needs: pip install skyfield==1.42 skyfield-data jplephem==2.17 numpy==1.23.5 ephem==4.1.3 pytz==2022.1
(the original's pins: pytz in particular decides the window of dates before 1902 and after 2037).
Run:   python Tools/ephemeris/make_range_vectors.py
"""

import calendar
import json
import os
import random
import sys
from datetime import datetime

import pytz
from skyfield.errors import EphemerisRangeError

from bench_reference import LOADER, local_noon_window, moon_rise_set_illum, site_events

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUTPUT = os.path.join(ROOT, "Tests/AstronomyTests/Resources/range_vectors.json")

# (site, latitude, longitude, time zone): Photon Ranch sites plus higher latitudes north and south,
# where some nights have no astronomical or nautical dark and the original fails.
SITES = [
    ("mrc", 34.459375, -119.681172, "America/Los_Angeles"),
    ("ogg", 20.7069444, -156.2575, "Pacific/Honolulu"),
    ("cpt", -32.38059, 20.8101083, "Africa/Johannesburg"),
    ("eco", -37.70097222, 145.18605556, "Australia/Melbourne"),
    ("lsc", -29.2612, -70.7313, "America/Santiago"),
    ("grw", 51.4769, -0.0005, "Europe/London"),
    ("ush", -54.8019, -68.303, "America/Argentina/Ushuaia"),
]
FIRST_YEAR, LAST_DAY = 1900, (2053, 10, 1)
PER_SITE_AND_DECADE = 2
SEED = 13


def unix(year, month, day, hour=0, minute=0, zone="UTC"):
    """Unix seconds of a local civil time (pytz, as the original)."""
    local = pytz.timezone(zone).localize(datetime(year, month, day, hour, minute))
    return calendar.timegm(local.utctimetuple())


def iso(seconds):
    return datetime.utcfromtimestamp(seconds).strftime("%Y-%m-%dT%H:%M:%SZ")


def failure(error):
    return "outside ephemeris" if isinstance(error, EphemerisRangeError) else "not crossed twice"


def site_events_vector(eph, site, when):
    name, lat, lng, zone = site
    vector = {"site": name, "lat": lat, "lng": lng, "timezone": zone, "when": when,
              "day_start": local_noon_window(zone, when)[0].tai}
    try:
        vector["events"] = site_events(eph, lat, lng, zone, when)
    except (ValueError, IndexError) as error:   # the original's crashes when a depression is
        vector["error"] = failure(error)           # not crossed twice, and EphemerisRangeError
    return vector


def moon_vector(eph, site, start, end):
    _, lat, lng, _ = site
    vector = {"lat": lat, "lng": lng, "start": start, "end": end}
    try:
        vector["result"] = moon_rise_set_illum(eph, lat, lng, start, end)
    except EphemerisRangeError as error:
        vector["error"] = failure(error)
    return vector


def instants(rng):
    """(site, when): random instants in every decade, then local early afternoon on the range's
    first and last days and on the days at the ends of what the original reads."""
    first, last = unix(FIRST_YEAR, 1, 1), unix(*LAST_DAY)
    for decade in range(FIRST_YEAR, LAST_DAY[0] + 1, 10):
        low, high = max(first, unix(decade, 1, 1)), min(last, unix(decade + 10, 1, 1))
        for site in SITES:
            for _ in range(PER_SITE_AND_DECADE):
                yield site, rng.uniform(low, high)
    for site in SITES:
        for day in [(1900, 1, 1), LAST_DAY]:
            yield site, float(unix(*day, 12, 30, zone=site[3]))
    for site in SITES[:4]:
        for day in [(1899, 7, 28), (1899, 7, 29), (1899, 7, 30), (2053, 10, 8), (2053, 10, 9),
                    (2053, 10, 11), (2053, 10, 12), (2053, 10, 13)]:
            yield site, float(unix(*day, 12, 30, zone=site[3]))


def moon_windows(rng):
    """(site, start, end): ten-day windows at random in every other decade, at the range's ends and
    across the ends of what the original reads."""
    for decade in range(FIRST_YEAR, LAST_DAY[0] + 1, 20):
        for site in SITES[:5]:
            start = rng.randrange(unix(decade, 1, 1), min(unix(*LAST_DAY), unix(decade + 20, 1, 1)) - 10 * 86400)
            yield site, iso(start), iso(start + 10 * 86400)
    for site in SITES[:4]:
        yield site, "1900-01-01T00:00:00Z", "1900-01-11T00:00:00Z"
        yield site, "2053-09-21T00:00:00Z", "2053-10-01T00:00:00Z"
        yield site, "1899-07-28T23:58:00Z", "1899-08-02T00:00:00Z"
        yield site, "1899-07-29T00:00:00Z", "1899-08-03T00:00:00Z"
        yield site, "2053-10-04T00:00:00Z", "2053-10-09T00:00:00Z"
        yield site, "2053-10-07T00:00:00Z", "2053-10-12T00:00:00Z"
        yield site, "2053-10-08T00:00:00Z", "2053-10-13T00:00:00Z"


def main():
    eph = LOADER("de421.bsp")
    rng = random.Random(SEED)
    vectors = [site_events_vector(eph, site, when) for site, when in instants(rng)]
    moon = [moon_vector(eph, site, start, end) for site, start, end in moon_windows(rng)]
    note = ("Generated by Tools/ephemeris/make_range_vectors.py: the original computation "
            "(skyfield 1.42 + DE421, pytz 2022.1, ephem 4.1.3). Do not edit.")
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        # One vector per line keeps regenerated files diffable.
        f.write('{"note": ' + json.dumps(note) + ',\n"site_events": [\n')
        f.write(",\n".join(json.dumps(v) for v in vectors))
        f.write('\n],\n"moon": [\n')
        f.write(",\n".join(json.dumps(v) for v in moon))
        f.write("\n]}\n")
    failed = sum("error" in v for v in vectors)
    print(f"wrote {OUTPUT}: {len(vectors)} /events vectors ({failed} failures), {len(moon)} moon windows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
