"""The actor dictionary files: schema, unique ids, provenance, and no ambiguous aliases."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from marsad.extract.actor_lexicon import (DATA_DIR, KINDS, NAMED_ACTOR_FILES, SECTORS, ActorLexicon,
                                          load_lexicon, norm)

ISO2 = re.compile(r"^[A-Z]{2}$")
CODE = re.compile(r"^[A-Z]{3}[A-Z]{3}[A-Z]*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
ALLOWED = {"id", "en", "kind", "country", "code", "sector", "wikidata", "aliases", "weak", "forms", "role",
           "context_sectors"}


def _entries():
    for name in NAMED_ACTOR_FILES:
        data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
        for e in data["actors"]:
            yield name, e


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return load_lexicon()


def test_every_data_file_states_its_provenance():
    for path in sorted(DATA_DIR.iterdir()):
        if path.suffix in (".yaml", ".txt"):
            head = path.read_text(encoding="utf-8")[:1500]
            assert "Provenance" in head, path.name


def test_named_actor_entries_follow_the_schema():
    countries = {c["iso2"] for c in yaml.safe_load((DATA_DIR / "countries.yaml").read_text())["countries"]}
    for name, e in _entries():
        where = f"{name}:{e.get('id')}"
        assert set(e) <= ALLOWED, (where, set(e) - ALLOWED)
        assert isinstance(e["id"], str) and e["id"], where
        assert e.get("en"), where
        assert e["kind"] in KINDS, where
        assert e.get("aliases"), where
        if e.get("country") is not None:
            assert ISO2.match(e["country"]) and e["country"] in countries, where
        if e.get("sector") is not None:
            assert e["sector"] in SECTORS, where
        if e.get("code") is not None:
            assert CODE.match(e["code"]), where
            if e.get("sector") and e["code"][:3] not in ("IGO", "NGO", "IMG", "MNC"):
                assert e["sector"] in e["code"][3:] or e["kind"] == "person", where
        if e.get("wikidata") is not None:
            assert QID.match(e["wikidata"]), where
        for w in e.get("weak") or []:
            assert norm(w) in {norm(a) for a in e["aliases"] + (e.get("forms") or [])}, (where, w)


def test_actor_ids_are_unique_across_files():
    seen = {}
    for name, e in _entries():
        assert e["id"] not in seen, (e["id"], name, seen.get(e["id"]))
        seen[e["id"]] = name


def test_no_alias_names_two_actors(lex):
    # explicit entries may override generated institution names ("الجيش الإسرائيلي" is the
    # IDF entry); two explicit entries sharing a normalized alias need a rule, and there is none
    assert lex.conflicts == []
    owners = {}
    for name, e in _entries():
        for a in (e.get("aliases") or []) + (e.get("forms") or []):
            k = norm(a)
            assert owners.setdefault(k, e["id"]) == e["id"], (a, owners[k], e["id"])


def test_no_single_word_alias_is_a_common_word(lex):
    for name, e in _entries():
        weak = {norm(w) for w in e.get("weak") or []}
        for a in e["aliases"]:
            k = norm(a)
            if " " not in k and k not in weak:
                assert k not in lex.stopwords, (e["id"], a)
                assert k not in lex.attribution_verbs, (e["id"], a)


def test_generated_institutions_cover_states_and_agree_in_gender(lex):
    assert lex.index[norm("الجيش السوري")].actor_id == "SY.military"
    assert lex.index[norm("القوات العراقية")].actor_id == "IQ.military"
    assert lex.index[norm("وزارة الداخلية التونسية")].actor_id == "TN.moi"
    assert lex.index[norm("الخارجية الأميركية")].actor_id == "US.mfa"
    assert lex.index[norm("الحكومة اليمنية")].actor_id == "YE.government"
    # "وزير الدفاع الأمريكي": the masculine short form belongs to a minister's title
    assert norm("الدفاع الأمريكي") not in lex.index
    a = lex.actors["SY.military"]
    assert (a.code, a.sector, a.country, a.kind) == ("SYRMIL", "MIL", "SY", "military")


def test_dictionary_size(lex):
    explicit = [a for a in lex.actors.values() if a.source != "generated"]
    assert len(explicit) >= 400
    assert len(lex.actors) >= 2000


def test_user_files_extend_and_override(tmp_path, monkeypatch):
    extra = tmp_path / "mine.yaml"
    extra.write_text(yaml.safe_dump({"actors": [
        {"id": "local_brigade", "en": "Local Brigade", "kind": "armed_group", "country": "SY",
         "code": "SYRREBLCB", "sector": "REB", "aliases": ["لواء الوادي الأخضر"]},
        {"id": "sohr", "en": "SOHR (renamed)", "kind": "ngo", "aliases": ["المرصد"]},
    ]}, allow_unicode=True), encoding="utf-8")
    lex = ActorLexicon([str(extra)])
    assert lex.index[norm("لواء الوادي الأخضر")].actor_id == "local_brigade"
    assert lex.actors["sohr"].en == "SOHR (renamed)"
    assert lex.index[norm("المرصد")].actor_id == "sohr"
    monkeypatch.setenv("MARSAD_ACTORS", str(extra))
    assert "local_brigade" in load_lexicon().actors
