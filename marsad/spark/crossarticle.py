"""Cross-article steps with Spark operations, giving the local store's answers.

Both steps reuse the store's own criteria (:mod:`marsad.store.dedup`,
:mod:`marsad.store.merge`); Spark only decides *which pairs to look at*, so the
results are those of ``marsad ingest`` on the same input in the same order.

Near-duplicate articles
    The store keeps, for each article, the most similar *earlier* article whose
    MinHash Jaccard estimate reaches the threshold (ties: the earlier one), and
    links a copy of a copy to the first original. Spark computes the same MinHash
    signatures, groups articles by LSH band exactly as datasketch's index does (same
    bands, same rows per band, so the same candidates), checks each candidate pair
    with the same estimate, keeps the best earlier one per article, and follows
    the "copy of" pointers to their root by pointer jumping.

Cross-article events
    Events are the connected components of the store's pairwise compatibility
    relation (same type and negation, dates within ``window_days``, place, actor and
    target checks). Spark *blocks* reports by (type, negated, date bucket) and
    within that by country, by geographic cell (fine places within ``max_km`` always
    share a cell) or not at all for reports without a country; it checks every
    candidate pair with :func:`marsad.store.merge.compatible`, finds connected
    components by label propagation, and hands each component to the store's own
    :func:`~marsad.store.merge.link` and :func:`~marsad.store.merge.event_row`.
    Blocking only ever drops pairs the store would refuse, so the grouping, the
    event rows and the merge reasons are the store's.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
from dataclasses import asdict, dataclass
from typing import Optional

# geographic cells for blocking, in degrees (any size works; smaller = more cells a report spans)
CELL_DEG = 0.5


@dataclass(frozen=True)
class MergeParams:
    """The store's merge thresholds plus its near-duplicate threshold."""

    window_days: int
    max_km: float
    dup_threshold: float

    @classmethod
    def make(cls, *, window_days=None, max_km=None, dup_threshold=None) -> "MergeParams":
        from ..store.dedup import DEFAULT_THRESHOLD
        from ..store.merge import MergeParams as StoreParams

        d = StoreParams()
        return cls(window_days=d.window_days if window_days is None else int(window_days),
                   max_km=d.max_km if max_km is None else float(max_km),
                   dup_threshold=DEFAULT_THRESHOLD if dup_threshold is None else float(dup_threshold))

    def store(self):
        from ..store.merge import MergeParams as StoreParams

        return StoreParams(window_days=self.window_days, max_km=self.max_km)

    def as_dict(self) -> dict:
        return asdict(self)


# -- near-duplicates ----------------------------------------------------------------

def lsh_bands(threshold: float, num_perm: int) -> list[tuple[int, int]]:
    """The (start, end) hash ranges datasketch's MinHashLSH uses for this threshold."""
    from datasketch import MinHashLSH

    return list(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


def near_duplicates(spark, docs, params: MergeParams, num_partitions: int = 8):
    """``docs``: RDD of (article_id, (order, rows)). Returns (signature rows RDD,
    RDD of (article_id, (original_id, similarity))) for the near-duplicates only."""
    import numpy as np

    from ..store.dedup import NUM_PERM, minhash, signature_bytes

    n = num_partitions
    bands = lsh_bands(params.dup_threshold, NUM_PERM)
    threshold = params.dup_threshold

    def sign(pair):
        aid, (order, rows) = pair
        return aid, (order, signature_bytes(minhash(rows["articles"][0]["text"])))

    sigs = docs.map(sign).persist()
    signatures = sigs.map(lambda p: {"article_id": p[0], "num_perm": NUM_PERM, "signature": p[1][1]})

    def band_keys(pair):
        aid, (order, sig) = pair
        return [((i, sig[s * 8:e * 8]), (order, aid)) for i, (s, e) in enumerate(bands)]

    def pairs_in_bucket(members):
        members = sorted(members)
        return [(later[1], earlier[1]) for j, later in enumerate(members) for earlier in members[:j]]

    candidates = (sigs.flatMap(band_keys).groupByKey(n)
                  .flatMap(lambda kv: pairs_in_bucket(list(kv[1]))).distinct(n))  # (later, earlier)

    def jaccard(a: bytes, b: bytes) -> float:
        x = np.frombuffer(a, dtype="<u8")
        y = np.frombuffer(b, dtype="<u8")
        return float(np.float64(np.count_nonzero(x == y)) / np.float64(len(x)))

    # (later, earlier) -> with both signatures -> similarity
    scored = (candidates.join(sigs, n)                                   # later -> (earlier, (order_l, sig_l))
              .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][1])))        # earlier -> (later, sig_l)
              .join(sigs, n)                                              # earlier -> ((later, sig_l), (order_e, sig_e))
              .map(lambda kv: (kv[1][0][0], (jaccard(kv[1][0][1], kv[1][1][1]), kv[1][1][0], kv[0])))
              .filter(lambda kv: kv[1][0] >= threshold))               # later -> (sim, order_e, earlier)

    def better(a, b):
        if abs(a[0] - b[0]) > 1e-9:
            return a if a[0] > b[0] else b
        return a if a[1] < b[1] else b

    best = scored.reduceByKey(better, n).mapValues(lambda v: (v[2], v[0])).persist()  # later -> (earlier, sim)
    if best.isEmpty():
        return signatures, best.mapValues(lambda v: v)
    roots = _follow_to_root(best.mapValues(lambda v: v[0]), n)                        # later -> root

    def finish(kv):
        aid, ((hit, sim), root) = kv
        return aid, (root, hit, sim)

    joined = best.join(roots, n).map(finish)
    same = joined.filter(lambda kv: kv[1][0] == kv[1][1]).mapValues(lambda v: (v[0], round(v[2], 4)))
    # a copy of a copy: the similarity is re-estimated against the root original
    moved = (joined.filter(lambda kv: kv[1][0] != kv[1][1])
             .map(lambda kv: (kv[1][0], kv[0]))                       # root -> copy
             .join(sigs, n)                                               # root -> (copy, (order, sig_root))
             .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][1])))         # copy -> (root, sig_root)
             .join(sigs, n)                                               # copy -> ((root, sig_root), (order, sig))
             .map(lambda kv: (kv[0], (kv[1][0][0], round(jaccard(kv[1][1][1], kv[1][0][1]), 4)))))
    return signatures, same.union(moved)


def _follow_to_root(pointers, n: int, max_rounds: int = 64):
    """(node, parent) pairs -> (node, root) by pointer jumping (log-depth rounds)."""
    current = pointers.persist()
    for _ in range(max_rounds):
        # parent -> (node) join parent -> grandparent
        step = (current.map(lambda kv: (kv[1], kv[0]))
                .leftOuterJoin(current, n)
                .map(lambda kv: (kv[1][0], kv[1][1] if kv[1][1] is not None else kv[0])))
        step = step.persist()
        changed = step.join(current, n).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        current.unpersist()
        current = step
        if changed == 0:
            return current
    raise RuntimeError("near-duplicate chains did not converge")


# -- event merging --------------------------------------------------------------------

def _day_buckets(r: dict, window: int) -> list[int]:
    from ..store.merge import span

    sp = span(r)
    if sp is None:
        return []
    size = max(1, window)
    lo = (sp[0] - _dt.timedelta(days=window)).toordinal() // size
    hi = (sp[1] + _dt.timedelta(days=window)).toordinal() // size
    return list(range(lo, hi + 1))


def _fine(r: dict) -> bool:
    p = r.get("geo_precision")
    return (r.get("lat") is not None and r.get("lon") is not None and not (p is not None and p <= 2))


def _cells(lat: float, lon: float, km: float) -> list[tuple[int, int]]:
    """Cells of the grid that a circle of ``km`` around (lat, lon) touches (a bounding box)."""
    dlat = km / 110.574 + 1e-9
    top = min(89.999, abs(lat) + dlat)
    dlon = min(180.0, km / (111.320 * max(math.cos(math.radians(top)), 1e-6)) + 1e-9)
    n_lon = int(round(360 / CELL_DEG))
    out = []
    for i in range(math.floor((lat - dlat) / CELL_DEG), math.floor((lat + dlat) / CELL_DEG) + 1):
        for j in range(math.floor((lon - dlon) / CELL_DEG), math.floor((lon + dlon) / CELL_DEG) + 1):
            out.append((i, j % n_lon))
    return sorted(set(out))


def block_keys(r: dict, params: MergeParams) -> list[tuple]:
    """The blocks a report is compared in; any two compatible reports share one."""
    days = _day_buckets(r, params.window_days)
    if not days:
        return []  # no date at all: never merged
    head = (r.get("type"), bool(r.get("negated")))
    places: list[tuple] = []
    if _fine(r):
        places += [("g",) + c for c in _cells(r["lat"], r["lon"], params.max_km)]
    if r.get("country"):
        places.append(("c", r["country"]))
    else:
        places.append(("*",))
    return [head + (d,) + p for d in days for p in places]


def _pairs_in_block(block: list[tuple]) -> list[tuple[str, str]]:
    """Pairs of report ids to check in one (type, negated, day bucket) block.

    ``block`` holds (place key, report) items: reports sharing a country or cell key
    pair up, and a report without country (key "*") pairs with every report."""
    by_key: dict[tuple, list[dict]] = {}
    wild: list[dict] = []
    everyone: dict[str, dict] = {}
    for key, r in block:
        everyone[r["report_id"]] = r
        if key == ("*",):
            wild.append(r)
        else:
            by_key.setdefault(key, []).append(r)
    out = set()
    for key, members in by_key.items():
        ids = sorted({m["report_id"] for m in members})
        fine = {m["report_id"] for m in members if _fine(m)} if key[0] == "c" else set()
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if a in fine and b in fine:
                    continue  # two fine places: decided by distance, found through the cells
                out.add((a, b))
    for w in wild:
        for other in everyone:
            if other != w["report_id"]:
                out.add(tuple(sorted((w["report_id"], other))))
    return list(out)


def merge_events(spark, reports, params: MergeParams, run_id: Optional[str], num_partitions: int = 8):
    """``reports``: RDD of (event_reports row, month). Returns (RDD of (row with
    event_id and merge_reason, month), RDD of events rows)."""
    from ..store.merge import compatible, event_row, link

    n = num_partitions
    sp = params.store()
    counted = reports.filter(lambda rm: not rm[0].get("is_duplicate"))
    flagged = reports.filter(lambda rm: bool(rm[0].get("is_duplicate")))
    by_id = counted.map(lambda rm: (rm[0]["report_id"], dict(rm[0], _month=rm[1]))).persist()

    blocks = by_id.flatMap(lambda kv: [((k[0], k[1], k[2]), (k[3:], kv[1])) for k in block_keys(kv[1], params)])
    pair_ids = blocks.groupByKey(n).flatMap(lambda kv: _pairs_in_block(list(kv[1]))).distinct(n)
    edges = (pair_ids.join(by_id, n)                                     # a -> (b, ra)
             .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))            # b -> (a, ra)
             .join(by_id, n)                                              # b -> ((a, ra), rb)
             .filter(lambda kv: compatible(kv[1][0][1], kv[1][1], sp) is not None)
             .map(lambda kv: (kv[1][0][0], kv[0]))                     # (a, b)
             .persist())
    labels = connected_components(edges, n)                               # report_id -> component label
    comp = (by_id.leftOuterJoin(labels, n)
            .map(lambda kv: (kv[1][1] or kv[0], kv[1][0])))            # label -> report row

    def settle(members: list[dict]):
        uf, reasons = link(members, [], sp)
        groups: dict[str, list[dict]] = {}
        for r in members:
            groups.setdefault(uf.find(r["report_id"]), []).append(r)
        out = []
        for group in groups.values():
            ev = event_row(group, sp, run_id)
            rows = [(dict(r, event_id=ev["event_id"],
                          merge_reason=json.dumps(reasons.get(r["report_id"]), ensure_ascii=False, default=str)),
                     r["_month"])
                    for r in group]
            out.append((ev, rows))
        return out

    settled = comp.groupByKey(n).flatMap(lambda kv: settle(list(kv[1]))).persist()
    events = settled.map(lambda x: x[0])
    merged = settled.flatMap(lambda x: x[1])
    return merged.union(flagged), events


# up to this many merge edges, components are found on the driver (one job instead of
# a few per propagation round); above it, by label propagation on the cluster
DRIVER_MAX_EDGES = 2_000_000


def connected_components(edges, n: int, max_rounds: int = 200, driver_max_edges: Optional[int] = None):
    """(a, b) edges -> (node, smallest node id of its component).

    Few edges (the usual case: most reports merge with a handful of others): collected
    and joined by union-find on the driver. Many: min-label propagation in Spark."""
    limit = DRIVER_MAX_EDGES if driver_max_edges is None else driver_max_edges
    few = edges.take(limit + 1)
    if len(few) <= limit:
        from ..store.merge import _UnionFind

        uf = _UnionFind()
        for a, b in few:
            uf.union(a, b)
        labels = [(x, uf.find(x)) for x in list(uf.parent)]
        return edges.context.parallelize(labels, max(1, min(n, len(labels) // 10000 + 1)))
    adj = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).distinct(n).persist()
    labels = adj.map(lambda kv: (kv[0], min(kv[0], kv[1]))).reduceByKey(min, n).persist()
    for i in range(max_rounds):
        incoming = adj.join(labels, n).map(lambda kv: (kv[1][0], kv[1][1]))  # neighbour's label
        new = labels.union(incoming).reduceByKey(min, n)
        if i % 8 == 7:
            new.localCheckpoint()  # cut the lineage of long chains (kept on the executors)
        else:
            new.persist()
        changed = new.join(labels, n).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = new
        if changed == 0:
            return labels
    raise RuntimeError("connected components did not converge")
