"""marsad's store schema as data: one definition for DuckDB, PostgreSQL, Spark and the web UI.

Every table is an ordered list of ``(column, SQL type)``. The SQL types are the
subset both DuckDB and PostgreSQL accept verbatim (TEXT, INTEGER, BIGINT,
DOUBLE PRECISION, BOOLEAN, DATE, TIMESTAMP, BYTEA), so one ``CREATE TABLE``
statement serves both backends. JSON values (evidence, quantities, lists of
sources) are stored as TEXT holding JSON, which every engine and every file format
reads. ``SPARK_TYPES`` maps them for Spark SQL.

Bump :data:`SCHEMA_VERSION` whenever a table or column changes; the store refuses
to open a database written with a different version (see docs/SCHEMA.md).
"""
from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # ordered (name, SQL type)
    primary_key: tuple[str, ...]
    doc: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c for c, _ in self.columns]

    def create_sql(self) -> str:
        cols = ",\n  ".join(f"{c} {t}" for c, t in self.columns)
        pk = f",\n  PRIMARY KEY ({', '.join(self.primary_key)})" if self.primary_key else ""
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}{pk}\n)"


T, I, BI, F, B, D, TS, BY = "TEXT", "INTEGER", "BIGINT", "DOUBLE PRECISION", "BOOLEAN", "DATE", "TIMESTAMP", "BYTEA"

TABLES: dict[str, Table] = {}


def _table(name: str, pk: tuple[str, ...], doc: str, *columns: tuple[str, str]) -> Table:
    t = Table(name=name, columns=tuple(columns), primary_key=pk, doc=doc)
    TABLES[name] = t
    return t


META = _table(
    "meta", ("key",),
    "Key/value facts about the database; key 'schema_version' holds SCHEMA_VERSION.",
    ("key", T), ("value", T),
)

RUNS = _table(
    "runs", ("run_id",),
    "One row per ingest or merge run: what was read and what became of it.",
    ("run_id", T),
    ("command", T),              # ingest | merge
    ("started_at", TS),
    ("finished_at", TS),
    ("marsad_version", T),
    ("schema_version", I),
    ("inputs", T),               # JSON list of the input paths
    ("stages", T),               # JSON list of the pipeline stages that ran
    ("params", T),               # JSON: jobs, merge window_days/max_km, dedup threshold...
    ("n_read", I),               # input records read (articles + rejects)
    ("n_processed", I),          # new articles extracted and stored
    ("n_rejected", I),           # records refused by the readers
    ("n_skipped", I),            # articles already in the store (same content hash)
    ("n_duplicates", I),         # new articles stored as near-duplicates of an earlier one
    ("n_reports", I),            # event reports stored
    ("status", T),               # running | ok | failed
)

ARTICLES = _table(
    "articles", ("article_id",),
    "One row per distinct article text. article_id is the content hash (sha256 hex of the "
    "normalized text), so the same text ingested twice is one row.",
    ("article_id", T),           # sha256(normalize_for_matching(text)) hex
    ("input_id", T),             # the id the input gave (JSONL id, file stem)
    ("run_id", T),               # the run that first stored it
    ("origin", T),               # file path and line number it was read from
    ("title", T),
    ("url", T),
    ("outlet", T),
    ("published", T),            # as resolved: "2019-02-20T13:44:00" or "2019-02-20"
    ("published_date", D),       # the day of `published`
    ("published_raw", T),        # as found in the metadata
    ("published_source", T),     # metadata | dateline | NULL
    ("language", T),
    ("text", T),                 # the original text, unchanged (all offsets point into it)
    ("n_chars", I),
    ("n_sentences", I),
    ("n_mentions", I),
    ("n_places", I),
    ("n_events", I),
    ("duplicate_of", T),         # article_id of the original when this is a near-duplicate
    ("duplicate_similarity", F), # estimated Jaccard similarity to that original (word shingles)
    ("warnings", T),             # JSON list of pipeline warnings
    ("ingested_at", TS),
)

ARTICLE_SIGNATURES = _table(
    "article_signatures", ("article_id",),
    "MinHash signature of each article's word shingles, kept so near-duplicate detection "
    "is incremental across runs without re-reading texts.",
    ("article_id", T),
    ("num_perm", I),
    ("signature", BY),           # num_perm little-endian uint64 hash values
)

ENTITIES = _table(
    "entities", ("article_id", "mention_id"),
    "Every mention the pipeline found (named entities and, with named=FALSE, anaphors and "
    "unnamed role actors). Offsets are characters of articles.text.",
    ("article_id", T),
    ("mention_id", T),
    ("text", T),
    ("type", T),                 # PERSON | ORG | GPE | LOC | FAC | NORP | ROLE
    ("named", B),
    ("canonical", T),
    ("actor_id", T),
    ("actor_code", T),
    ("sector", T),
    ("kind", T),
    ("country", T),
    ("wikidata", T),
    ("place_id", T),
    ("chain", T),
    ("sentence_id", I),
    ("start_char", I),
    ("end_char", I),
    ("rule", T),
    ("confidence", F),
)

PLACES = _table(
    "places", ("article_id", "place_id"),
    "Toponyms resolved in the gazetteer, per article.",
    ("article_id", T),
    ("place_id", T),
    ("text", T),
    ("name", T),
    ("country", T),              # ISO 3166-1 alpha-2
    ("admin1", T),
    ("lat", F),
    ("lon", F),
    ("geonameid", BI),
    ("feature_code", T),
    ("kind", T),
    ("geo_precision", I),        # PLOVER: 1 country, 2 province, 3 district, 4 city, 5 sub-city
    ("sentence_id", I),
    ("start_char", I),
    ("end_char", I),
    ("rule", T),
    ("confidence", F),
)

EVENT_REPORTS = _table(
    "event_reports", ("report_id",),
    "Each article's account of an event, as extracted. event_id links it to the merged "
    "cross-article event (NULL for reports of near-duplicate articles, which are stored "
    "but not counted); merge_reason says which criteria joined it.",
    ("report_id", T),            # article_id + ":" + the event's id within the article
    ("article_id", T),
    ("local_id", T),             # Event.id within the article
    ("event_id", T),             # merged event (events.event_id); set by merging
    ("merge_reason", T),         # JSON: which criteria matched, against which report
    ("run_id", T),
    ("is_duplicate", B),         # TRUE when the article is a near-duplicate: not counted
    ("outlet", T),               # the article's outlet (copied for merging and counting)
    ("published_date", D),       # the article's publication day (copied)
    ("type", T),                 # PLOVER event type
    ("mode", T),
    ("sentence_id", I),
    ("sentence", T),
    ("trigger", T),
    ("trigger_start", I),
    ("trigger_end", I),
    ("actor", T),                # surface text
    ("actor_ref", T),            # Mention.id in this article
    ("actor_canonical", T),
    ("actor_id", T),             # resolved actor id (dictionary), when known
    ("actor_code", T),
    ("actor_country", T),
    ("actor_kind", T),
    ("target", T),
    ("target_ref", T),
    ("target_canonical", T),
    ("target_id", T),
    ("target_code", T),
    ("target_country", T),
    ("target_kind", T),
    ("place", T),                # surface text
    ("place_ref", T),            # Place.id (or Mention.id) in this article
    ("place_name", T),           # gazetteer name
    ("country", T),
    ("admin1", T),
    ("lat", F),
    ("lon", F),
    ("geo_precision", I),
    ("date", D),
    ("date_end", D),
    ("date_precision", T),       # day | week | month | year | range
    ("date_text", T),
    ("source", T),               # who reported it (surface text)
    ("source_ref", T),
    ("source_canonical", T),
    ("certainty", T),            # asserted | reported | believed | claimed | denied | uncertain | planned
    ("negated", B),
    ("historical", B),
    ("fatalities", I),           # sum of 'killed' quantities (best value), NULL when none stated
    ("quantities", T),           # JSON list of {kind, value, low, high, text, start, end}
    ("evidence", T),             # JSON list of {sentence_id, start, end, text, rule, confidence}
    ("cameo", T),
    ("acled_event_type", T),
    ("acled_sub_event_type", T),
    ("rule", T),
    ("confidence", F),
)

EVENTS = _table(
    "events", ("event_id",),
    "Merged cross-article events: one row per happening, however many articles report it. "
    "Recomputed from event_reports by `marsad merge` (reversible, deterministic).",
    ("event_id", T),             # "ev-" + hash of the smallest member report_id
    ("type", T),
    ("mode", T),
    ("date", D),                 # earliest reported date (or publication day)
    ("date_end", D),             # latest
    ("date_precision", T),
    ("actor", T),                # most frequent surface text among reports
    ("actor_id", T),
    ("actor_code", T),
    ("actor_kind", T),           # state | military | police | armed_group | party | ... (for ACLED inter1)
    ("target", T),
    ("target_id", T),
    ("target_code", T),
    ("target_kind", T),
    ("location", T),             # most precise place name among reports
    ("country", T),
    ("admin1", T),
    ("lat", F),
    ("lon", F),
    ("geo_precision", I),
    ("certainty", T),            # the most certain among reports
    ("negated", B),
    ("fatalities", I),           # the largest count any report gives
    ("cameo", T),
    ("acled_event_type", T),
    ("acled_sub_event_type", T),
    ("sentence", T),             # one representative sentence (most confident report)
    ("n_reports", I),            # counted reports (not from near-duplicate articles)
    ("n_articles", I),
    ("n_sources", I),            # independent sources: distinct outlets (or articles without one)
    ("sources", T),              # JSON list of those outlets
    ("report_ids", T),           # JSON list of member report_ids
    ("article_ids", T),          # JSON list of member article_ids
    ("first_published", D),
    ("last_published", D),
    ("confidence", F),
    ("merge_params", T),         # JSON: the thresholds that produced this grouping
    ("run_id", T),               # the run that last (re)computed it
)

REJECTS = _table(
    "rejects", ("origin", "reason"),
    "Input records refused by the readers, with why. Keyed by origin so re-ingesting the "
    "same bad input does not add rows; run_id is the last run that saw it.",
    ("origin", T),               # file path and line number
    ("reason", T),               # empty | binary | encoding | json | schema | not_arabic | too_large | missing
    ("input_id", T),
    ("detail", T),
    ("run_id", T),
)

# Secondary indexes (portable CREATE INDEX statements).
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_reports_article", "event_reports", ("article_id",)),
    ("ix_reports_event", "event_reports", ("event_id",)),
    ("ix_reports_type_date", "event_reports", ("type", "date")),
    ("ix_events_date", "events", ("date",)),
    ("ix_articles_dup", "articles", ("duplicate_of",)),
)

# Tables whose row counts define "nothing changed" for idempotent ingest.
DATA_TABLES = ("articles", "article_signatures", "entities", "places", "event_reports", "events", "rejects")

SPARK_TYPES = {
    T: "string", I: "int", BI: "bigint", F: "double", B: "boolean", D: "date", TS: "timestamp", BY: "binary",
}


def create_statements() -> list[str]:
    stmts = [t.create_sql() for t in TABLES.values()]
    stmts += [f"CREATE INDEX IF NOT EXISTS {n} ON {t} ({', '.join(c)})" for n, t, c in INDEXES]
    return stmts


def columns(table: str) -> list[str]:
    return TABLES[table].column_names


def spark_ddl(table: str) -> str:
    """The table as a Spark SQL schema string ("a string, b int, ...")."""
    return ", ".join(f"{c} {SPARK_TYPES[t]}" for c, t in TABLES[table].columns)
