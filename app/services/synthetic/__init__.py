"""Synthetic data: a realistic, reproducible Parley database of any size, for trying Parley
out, for benchmarks and for tests (``flask --app app seed-synthetic``).

Everything is invented from syllable and word lists (:mod:`.words`, :mod:`.names`,
:mod:`.texts`) by ``random.Random`` streams derived from the seed: Central-Asian-like and
European-like persons with their other spellings (Cyrillic, other transliterations, maiden
names), 10 % of them confidential or at risk; organisations of every kind; posts over time;
a theme tree three levels deep; sources with findings; recommendations with status
histories; cases with updates; dialogue events and ten years of meetings (some planned)
with attendees, raisings and follow-ups with their history.

Rows go straight to the tables (:mod:`.writer`: Core executemany, COPY on PostgreSQL) with
what the app would have written: created/updated times, creators and versions, encrypted
contacts and notes (the columns' own types encrypt them), email blind indexes; the full-text
index follows by itself (SQLite triggers, PostgreSQL expression indexes); the name stamp is
renewed, PostgreSQL sequences moved past the explicit ids and statistics refreshed.

How synthetic records are recognised: :mod:`.guard` (accounts at ``synthetic.parley.example``
create every synthetic record).

Public API: :func:`seed_synthetic`, :data:`SCALES`, :class:`Scale` (``Scale.factor(0.001)``
for a tiny database), and the refusals :class:`RealRecordsFound`, :class:`SyntheticDataFound`.
"""

from app.services.synthetic.guard import (
    SYNTHETIC_DOMAIN,
    RealRecordsFound,
    SyntheticDataFound,
    tables_with_real_records,
)
from app.services.synthetic.scales import SCALES, Scale, scale_named
from app.services.synthetic.seeder import seed_synthetic
from app.services.synthetic.writer import settle

__all__ = ["SCALES", "SYNTHETIC_DOMAIN", "RealRecordsFound", "Scale", "SyntheticDataFound",
           "scale_named", "seed_synthetic", "settle", "tables_with_real_records"]
