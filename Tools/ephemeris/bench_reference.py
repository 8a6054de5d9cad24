#!/usr/bin/env python3
"""Time the reference computation (events.md §2 and §3, skyfield 1.42 + DE421) for the same inputs
as Benchmarks/AstronomyBench, so the Swift figures can be compared side by side.

Needs: pip install skyfield==1.42 skyfield-data jplephem numpy ephem==4.1.3 pytz
Run:   python Tools/ephemeris/bench_reference.py [runs]

Two /events figures are printed: "as deployed" loads de421.bsp inside every call, as the original
handler does; "ephemeris preloaded" keeps it open.
"""

import os
import statistics
import sys
import time
from datetime import datetime

import ephem
import pytz
import skyfield_data
from skyfield import almanac, api
from skyfield.nutationlib import iau2000b

TS = api.load.timescale(builtin=True)
LOADER = api.Loader(os.path.join(os.path.dirname(skyfield_data.__file__), "data"))

LAT, LNG, TZ, WHEN = 34.459375, -119.681172, "America/Los_Angeles", 1787390563.5161679
MOON_START, MOON_END = "2026-07-01T00:00:00Z", "2026-09-01T00:00:00Z"


def local_noon_window(tz_name, when):
    """events.md §2.2: TAI JD window from local noon (standard meridian, 37 s shift included)."""
    offset = datetime.fromtimestamp(when, tz=pytz.timezone(tz_name)).utcoffset()
    offset_days = offset.total_seconds() / 3600 / 24
    tai = TS.from_datetime(datetime.fromtimestamp(when, tz=pytz.utc)).tai
    start = int(tai + offset_days) - offset_days
    return TS.tai_jd(start), TS.tai_jd(start + 1)


def sun_up(eph, topos, depression):
    sun, site_at = eph["sun"], (eph["earth"] + topos).at

    def is_up(t):
        t._nutation_angles = iau2000b(t.tt)
        return site_at(t).observe(sun).apparent().altaz()[0].degrees > -depression

    is_up.rough_period = 0.5   # -> 24 samples per day
    return is_up


def rise_set(t0, t1, eph, topos, depression):
    times, rising = almanac.find_discrete(t0, t1, sun_up(eph, topos, depression))
    times = list(times)
    if rising[1]:
        times.reverse()
    rise, set_ = times          # fails unless exactly two crossings (events.md §2.9)
    return rise, set_


def flat_spot(eph, topos, t):
    """Anti-solar flat-field point; computed (not output) by the original, so timed here too."""
    observer = (eph["earth"] + topos).at(t)
    alt, az, _ = observer.observe(eph["sun"]).apparent().altaz()
    alt_deg, az_deg = alt.degrees + 105, az.degrees
    if alt_deg > 90:
        alt_deg, az_deg = 180 - alt_deg, az_deg - 180
    return observer.from_altaz(alt_degrees=alt_deg, az_degrees=az_deg).radec()


def site_events(eph, lat, lng, tz_name, when):
    t0, t1 = local_noon_window(tz_name, when)
    topos = api.Topos(latitude_degrees=lat, longitude_degrees=lng)
    base = {d: rise_set(t0, t1, eph, topos, d) for d in (0.25, 6, 12, 18, 1.5, 11.75)}
    (sunrise, sunset), (civil_dawn, civil_dusk) = base[0.25], base[6]
    (naut_dawn, naut_dusk), (astro_dawn, astro_dusk) = base[12], base[18]
    morn_flat_end, (morn_flat_begin, eve_flat_end) = base[1.5][0], base[11.75]
    s, ops = sunset.tai, sunset.tai + -1 / 24
    for t in (TS.tai_jd(ops), eve_flat_end, morn_flat_begin, sunrise):
        flat_spot(eph, topos, t)
    end_scrn = ops + -((75 / 60) / 1440)
    scrn = end_scrn + -(1.5 / 24)
    end_bias = scrn + -((385 / 60) / 1440)
    events = {
        "Eve Bias Dark": end_bias + -(8 / 24), "End Eve Bias Dark": end_bias,
        "Eve Scrn Flats": scrn, "End Eve Scrn Flats": end_scrn, "Ops Window Start": ops,
        "Observing Begins": naut_dusk.tai + 5 / 1440, "Observing Ends": naut_dawn.tai + -5 / 1440,
        "Cool Down, Open": ops + 0.5 / 1440, "Eve Sky Flats": s + -0.5 / 24, "Sun Set": s,
        "Civil Dusk": civil_dusk.tai, "End Eve Sky Flats": eve_flat_end.tai,
        "Clock & Auto Focus": eve_flat_end.tai + 1 / 1440, "Naut Dusk": naut_dusk.tai,
        "Astro Dark": astro_dusk.tai, "Middle of Night": s + 0.5 * (sunrise.tai - s),
        "End Astro Dark": astro_dawn.tai, "Final Clock & Auto Focus": naut_dawn.tai + -4 / 1440,
        "Naut Dawn": naut_dawn.tai, "Morn Sky Flats": morn_flat_begin.tai,
        "Civil Dawn": civil_dawn.tai, "End Morn Sky Flats": morn_flat_end.tai,
        "Ops Window Closes": morn_flat_end.tai + 0.5 / 1440, "Sunrise": sunrise.tai,
    }
    moon_up = almanac.risings_and_settings(eph, eph["moon"], topos)
    for t, rising in zip(*almanac.find_discrete(t0, t1, moon_up)):
        events["Moon Rise" if rising else "Moon Set"] = t.tai
    return dict(sorted(events.items(), key=lambda kv: kv[1]))


def moon_rise_set_illum(eph, lat, lng, start, end):
    parse = lambda s: TS.from_datetime(datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=pytz.utc))
    topos = api.Topos(latitude_degrees=lat, longitude_degrees=lng)
    times, rising = almanac.find_discrete(parse(start), parse(end),
                                          almanac.risings_and_settings(eph, eph["moon"], topos))
    times, rising = list(times), list(rising)
    if rising and not rising[0]:
        times.pop(0), rising.pop(0)
    if rising and rising[-1]:
        times.pop(), rising.pop()
    passes = []
    for rise, set_ in zip(times[0::2], times[1::2]):
        observer = ephem.Observer()
        observer.lat, observer.lon, observer.date = str(lat), str(lng), rise.utc_datetime()
        transit = TS.from_datetime(observer.next_transit(ephem.Moon()).datetime().replace(tzinfo=pytz.utc))
        passes.append({"illumination": almanac.fraction_illuminated(eph, "moon", transit),
                       "rise": rise.utc_iso(), "set": set_.utc_iso(), "transit": transit.utc_iso()})
    return passes


def measure(name, runs, body):
    body()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = body()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"{name:44} p50 {statistics.median(samples):8.3f} ms   p99 {p99:8.3f} ms   "
          f"({runs} runs, {len(result)} items)")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    eph = LOADER("de421.bsp")
    measure("/events  as deployed (load de421 per call)", runs,
            lambda: site_events(LOADER("de421.bsp"), LAT, LNG, TZ, WHEN))
    measure("/events  ephemeris preloaded", runs, lambda: site_events(eph, LAT, LNG, TZ, WHEN))
    measure("moon     2026-07-01..09-01", max(5, runs // 10),
            lambda: moon_rise_set_illum(eph, LAT, LNG, MOON_START, MOON_END))
    print("Sun Set", repr(site_events(eph, LAT, LNG, TZ, WHEN)["Sun Set"]),
          "(fixture: 2461274.6087309527)")


if __name__ == "__main__":
    main()
