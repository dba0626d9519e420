// marsad's page: a map, a timeline, a table of events and an article reader.
//
// Safety rule for this file: data from the API (article text, names, sentences) only
// ever enters the page as text — textContent, createTextNode, setAttribute on inert
// attributes — never through innerHTML or an HTML string. Leaflet popups and tooltips
// get DOM nodes, not strings, for the same reason.
"use strict";

(function () {
  const I18N = window.MARSAD_I18N;
  const PAGE = 25;
  const MAP_LIMIT = 1000;
  const TYPE_COLORS = {
    AGREE: "#1b9e77", CONSULT: "#66a61e", SUPPORT: "#a6d854", CONCEDE: "#8da0cb", COOPERATE: "#4daf4a",
    AID: "#17becf", RETREAT: "#b3b3b3", REQUEST: "#e6ab02", ACCUSE: "#fdae61", REJECT: "#f46d43",
    THREATEN: "#d95f02", PROTEST: "#e7298a", SANCTION: "#7570b3", MOBILIZE: "#a6761d", COERCE: "#984ea3",
    ASSAULT: "#d62728",
  };
  const PLOVER = Object.keys(TYPE_COLORS);

  const state = {
    lang: localStorage.getItem("marsad.lang") === "ar" ? "ar" : "en",
    filters: {}, eventsOffset: 0, articlesOffset: 0,
    map: null, markers: null, countries: null, article: null, selected: null,
  };

  // -- small DOM helpers (text only) ------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k === "dataset") Object.assign(el.dataset, v);
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return el;
  }
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  function t(key, vars) {
    let s = (I18N[state.lang] && I18N[state.lang][key]) || I18N.en[key] || key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split("{" + k + "}").join(String(v));
    return s;
  }
  function cert(value) { return value ? t("cert." + value) : value; }
  function typeColor(type) { return TYPE_COLORS[type] || "#555"; }

  // -- API ------------------------------------------------------------------------
  async function api(path, params, init) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
    }
    const res = await fetch(url, init);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const detail = Array.isArray(body.detail)
        ? body.detail.map((d) => (d.loc || []).join(".") + ": " + d.msg).join("; ")
        : body.detail || res.statusText;
      throw new Error(res.status + " " + detail);
    }
    return body;
  }
  // Answers can arrive out of order when filters change quickly: only the answer to the
  // latest request of each kind is drawn (older ones resolve to null).
  const seq = {};
  async function latest(kind, promise) {
    const n = (seq[kind] = (seq[kind] || 0) + 1);
    const value = await promise;
    return n === seq[kind] ? value : null;
  }
  function showError(err) {
    const box = $("#error");
    if (!err) { box.hidden = true; box.textContent = ""; return; }
    box.textContent = String(err.message || err);
    box.hidden = false;
  }

  // -- language ---------------------------------------------------------------------
  function applyLang() {
    const root = document.documentElement;
    root.lang = state.lang;
    root.dir = state.lang === "ar" ? "rtl" : "ltr";
    for (const el of $$("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    $("#lang-toggle").textContent = t("lang.other");
    localStorage.setItem("marsad.lang", state.lang);
  }

  // -- filters ----------------------------------------------------------------------
  function readFilters() {
    const form = $("#filters");
    const f = {};
    for (const name of ["since", "until", "country", "type", "actor", "min_sources"]) {
      const v = form.elements[name].value.trim();
      if (v) f[name] = v;
    }
    if (form.elements.in_view.checked && state.map) {
      const b = state.map.getBounds();
      const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));
      f.bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
        clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((x) => x.toFixed(4)).join(",");
    }
    return f;
  }

  async function loadFacets() {
    const facets = await api("/api/facets");
    $("#stats").textContent = t("stats", { events: facets.n_events, articles: facets.n_articles });
    state.facets = facets;
    const typeSel = $("#filters").elements.type;
    const countrySel = $("#filters").elements.country;
    for (const ty of PLOVER) typeSel.appendChild(h("option", { value: ty, text: ty }));
    for (const c of facets.countries) countrySel.appendChild(h("option", { value: c, text: c }));
  }

  // -- map --------------------------------------------------------------------------
  async function initMap() {
    const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · Leaflet");
    map.setView([28, 38], 3.5);
    state.map = map;
    // the panel grows with the event panel beside it: keep Leaflet's idea of the size right
    new ResizeObserver(() => map.invalidateSize()).observe($("#map"));
    state.markers = L.layerGroup().addTo(map);
    try {
      const world = await fetch("/static/vendor/world-atlas/countries-110m.json").then((r) => r.json());
      const countries = topojson.feature(world, world.objects.countries);
      state.countries = L.geoJSON(countries, {
        style: { color: "#8a8f98", weight: 0.8, fillColor: "#eef0ec", fillOpacity: 1 },
        interactive: false,
      }).addTo(map);
      state.countries.bringToBack();
    } catch (err) {
      showError(err);
    }
    map.on("moveend", () => {
      if ($("#filters").elements.in_view.checked) refreshTableAndTimeline();
    });
  }

  function markerTooltip(ev) {
    return h("div", { class: "tip" },
      h("strong", { text: ev.type || "" }), " ", ev.date || "",
      h("div", { dir: "auto", text: [ev.actor, ev.target].filter(Boolean).join(" → ") }),
      h("div", { dir: "auto", text: ev.place || "" }));
  }

  async function refreshMap() {
    const f = Object.assign({}, state.filters);
    delete f.bbox; // the map always shows everything the other filters select
    const page = await latest("map", api("/api/events", Object.assign({ limit: MAP_LIMIT, offset: 0 }, f)));
    if (!page) return;
    state.markers.clearLayers();
    let missing = 0;
    for (const ev of page.items) {
      if (ev.lat === null || ev.lat === undefined || ev.lon === null || ev.lon === undefined) { missing++; continue; }
      const m = L.circleMarker([ev.lat, ev.lon], {
        radius: 5 + 2.5 * Math.log2(Math.max(1, ev.n_sources || 1)), color: "#222", weight: 1,
        fillColor: typeColor(ev.type), fillOpacity: 0.85, className: "event-marker",
      });
      m.bindTooltip(markerTooltip(ev), { direction: "top" });
      m.on("click", () => { location.hash = "#/event/" + encodeURIComponent(ev.id); });
      m.addTo(state.markers);
    }
    $("#map").dataset.markers = String(page.items.length - missing);
    if (!state.fitted && page.items.length > missing) {
      state.fitted = true;
      const pts = page.items.filter((ev) => ev.lat !== null && ev.lat !== undefined).map((ev) => [ev.lat, ev.lon]);
      state.map.fitBounds(L.latLngBounds(pts).pad(0.6), { maxZoom: 6 });
    }
    const note = $("#map-note") || $("#map").parentNode.appendChild(h("p", { id: "map-note", class: "note" }));
    const parts = [];
    if (page.total > page.items.length) parts.push(t("m.capped", { n: page.items.length, total: page.total }));
    if (missing) parts.push(t("m.no_coords", { n: missing }));
    note.textContent = parts.join(" ");
  }

  // -- timeline (plain SVG) -----------------------------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  function s(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function binKey(day, unit) { return unit === "day" ? day : day.slice(0, 7); }

  async function refreshTimeline() {
    const got = await latest("timeline", api("/api/timeline", state.filters));
    if (!got) return;
    const items = got.items;
    const box = clear($("#timeline"));
    const legend = clear($("#timeline-legend"));
    if (!items.length) { box.appendChild(h("p", { class: "note", text: t("t.empty") })); return; }
    const days = items.map((i) => i.date).sort();
    const first = new Date(days[0] + "T00:00:00Z"), last = new Date(days[days.length - 1] + "T00:00:00Z");
    const unit = (last - first) / 86400000 <= 62 ? "day" : "month";
    // every bin between the first and last, so gaps show as gaps
    const bins = [];
    const d = new Date(first);
    if (unit === "month") d.setUTCDate(1);
    while (d <= last) {
      bins.push(binKey(d.toISOString().slice(0, 10), unit));
      if (unit === "day") d.setUTCDate(d.getUTCDate() + 1); else d.setUTCMonth(d.getUTCMonth() + 1);
    }
    const counts = new Map(bins.map((b) => [b, {}]));
    const types = new Set();
    for (const i of items) {
      const b = counts.get(binKey(i.date, unit));
      if (!b) continue;
      b[i.type] = (b[i.type] || 0) + i.count;
      types.add(i.type);
    }
    const order = PLOVER.filter((ty) => types.has(ty)).concat([...types].filter((ty) => !PLOVER.includes(ty)));
    const max = Math.max(1, ...[...counts.values()].map((b) => Object.values(b).reduce((a, x) => a + x, 0)));
    const W = 560, H = 200, L0 = 30, B = 24, T0 = 8;
    const bw = (W - L0 - 4) / bins.length;
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img", direction: "ltr" });
    const y = (v) => H - B - (v / max) * (H - B - T0);
    // axis and gridlines
    for (const v of [0, Math.ceil(max / 2), max]) {
      svg.appendChild(s("line", { x1: L0, x2: W, y1: y(v), y2: y(v), class: "grid" }));
      svg.appendChild(s("text", { x: L0 - 4, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(v)));
    }
    bins.forEach((bin, i) => {
      let acc = 0;
      const x = L0 + 2 + i * bw;
      for (const ty of order) {
        const n = counts.get(bin)[ty] || 0;
        if (!n) continue;
        const r = s("rect", { x: x + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(acc + n), height: y(acc) - y(acc + n),
          fill: typeColor(ty), class: "bar", "data-type": ty, "data-bin": bin });
        r.appendChild(s("title", {}, `${bin} · ${ty}: ${n}`));
        r.addEventListener("click", () => filterToBin(bin, unit, ty));
        svg.appendChild(r);
        acc += n;
      }
    });
    const step = Math.max(1, Math.ceil(bins.length / 6));
    bins.forEach((bin, i) => {
      const last = i === bins.length - 1;
      if (!last && (i % step || bins.length - 1 - i < step / 2)) return;
      const anchor = i === 0 ? "start" : i === bins.length - 1 ? "end" : "middle";
      const x = anchor === "start" ? L0 + 2 : anchor === "end" ? W - 2 : L0 + 2 + (i + 0.5) * bw;
      svg.appendChild(s("text", { x, y: H - 6, "text-anchor": anchor, class: "axis" }, bin));
    });
    box.appendChild(svg);
    for (const ty of order) {
      legend.appendChild(h("span", { class: "key" }, h("span", { class: "swatch", dataset: { type: ty } }), ty));
    }
    for (const sw of $$(".swatch", legend)) sw.style.background = typeColor(sw.dataset.type);
  }

  // A click on a bar narrows the filters to its day or month and its type.
  function filterToBin(bin, unit, type) {
    const form = $("#filters");
    let first = bin, last = bin;
    if (unit === "month") {
      const [y, m] = bin.split("-").map(Number);
      first = bin + "-01";
      last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    }
    form.elements.since.value = first;
    form.elements.until.value = last;
    form.elements.type.value = type;
    refreshAll();
  }

  // -- events table -------------------------------------------------------------------
  async function refreshTable() {
    const page = await latest("table", api("/api/events", Object.assign({ limit: PAGE, offset: state.eventsOffset }, state.filters)));
    if (!page) return;
    const tbody = clear($("#events-table tbody"));
    for (const ev of page.items) {
      const tr = h("tr", { class: "event-row", tabindex: 0, dataset: { id: ev.id } },
        h("td", { text: ev.date || "" }),
        h("td", {}, h("span", { class: "type-badge", dataset: { type: ev.type || "" }, text: ev.type || "" })),
        h("td", { dir: "auto", text: ev.actor || "" }),
        h("td", { dir: "auto", text: ev.target || "" }),
        h("td", { dir: "auto", text: ev.place || "" }),
        h("td", { text: ev.country || "" }),
        h("td", { class: "num", text: String(ev.n_sources ?? "") }),
        h("td", { class: "sentence", dir: "rtl", lang: "ar", text: ev.sentence || "" }));
      const open = () => { location.hash = "#/event/" + encodeURIComponent(ev.id); };
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
      tbody.appendChild(tr);
    }
    colorBadges(tbody);
    $("#events-count").textContent = "(" + page.total + ")";
    $("#events-table").dataset.total = String(page.total);
    pagerInfo($("#events-pager"), page);
  }

  function colorBadges(root) {
    for (const b of $$(".type-badge", root)) b.style.background = typeColor(b.dataset.type);
  }

  function pagerInfo(pager, page) {
    const info = $(".page-info", pager);
    info.textContent = page.total
      ? t("p.info", { from: page.offset + 1, to: Math.min(page.total, page.offset + page.items.length), total: page.total })
      : t("p.none");
    $("[data-dir='-1']", pager).disabled = page.offset <= 0;
    $("[data-dir='1']", pager).disabled = page.offset + page.limit >= page.total;
  }

  async function refreshTableAndTimeline() {
    state.filters = readFilters();
    state.eventsOffset = 0;
    try { await Promise.all([refreshTable(), refreshTimeline()]); showError(null); } catch (err) { showError(err); }
  }

  async function refreshAll() {
    state.filters = readFilters();
    state.eventsOffset = 0;
    try {
      await Promise.all([refreshTable(), refreshTimeline(), refreshMap()]);
      showError(null);
    } catch (err) { showError(err); }
  }

  // -- event detail -------------------------------------------------------------------
  function field(label, value) {
    if (value === null || value === undefined || value === "") return null;
    return h("div", { class: "field" }, h("span", { class: "label", text: label }), " ",
      h("span", { class: "value", dir: "auto", text: String(value) }));
  }
  function spanText(sp) { return sp ? sp.text : null; }

  async function showEvent(id) {
    const panel = $("#detail");
    const body = clear($("#detail-body"));
    let ev;
    try { ev = await api("/api/events/" + encodeURIComponent(id)); } catch (err) { showError(err); return; }
    panel.hidden = false;
    panel.dataset.id = ev.id;
    body.appendChild(h("p", {},
      h("span", { class: "type-badge", dataset: { type: ev.type || "" }, text: ev.type || "" }), " ",
      h("strong", { dir: "auto", text: [ev.actor, ev.target].filter(Boolean).join(" → ") })));
    body.appendChild(h("div", { class: "fields" },
      field(t("d.date"), ev.date_end && ev.date_end !== ev.date ? ev.date + " – " + ev.date_end : ev.date),
      field(t("d.place"), [ev.place, ev.country].filter(Boolean).join(", ")),
      field(t("d.certainty"), cert(ev.certainty)),
      field(t("d.sources"), ev.n_sources), field(t("d.reports_n"), ev.n_reports)));
    body.appendChild(h("h3", { text: t("d.reports") }));
    const list = h("ol", { class: "reports" });
    for (const r of ev.reports || []) {
      const href = "#/article/" + encodeURIComponent(r.article_id) + "?event=" + encodeURIComponent(r.report_id || r.event_id || "");
      list.appendChild(h("li", { class: "report" },
        h("div", { class: "report-head" },
          h("span", { dir: "auto", text: r.outlet || "" }), " ", h("span", { class: "muted", text: r.published || "" })),
        h("div", { class: "report-title", dir: "auto", text: r.article_title || r.article_id || "" }),
        h("blockquote", { class: "sentence", dir: "rtl", lang: "ar", text: r.sentence || "" }),
        h("div", { class: "fields" },
          field(t("d.source"), spanText(r.source)), field(t("d.certainty"), cert(r.certainty)),
          r.negated ? field(t("d.negated"), "✓") : null),
        h("a", { class: "show-evidence", href, text: t("d.show") })));
    }
    body.appendChild(list);
    colorBadges(body);
    for (const tr of $$("#events-table tr.event-row")) tr.classList.toggle("selected", tr.dataset.id === ev.id);
  }

  // -- article reader -----------------------------------------------------------------
  // Split the text at every span boundary; each piece becomes a text node or a <span>
  // whose classes say which annotations cover it. Overlaps (a trigger inside its
  // evidence sentence, a place inside an entity) come out as nested classes.
  function annotations(art) {
    const out = [];
    const ok = (a) => Number.isInteger(a.start) && Number.isInteger(a.end) && a.end > a.start && a.end <= art.text.length;
    for (const m of art.entities) if (ok(m)) out.push({ start: m.start, end: m.end, kind: "ent", label: `${m.type}${m.canonical ? " · " + m.canonical : ""}`, sub: m.type });
    for (const p of art.places) if (ok(p)) out.push({ start: p.start, end: p.end, kind: "place", label: [p.name, p.country].filter(Boolean).join(", ") });
    for (const d of art.dates) if (ok(d)) out.push({ start: d.start, end: d.end, kind: "date", label: [d.value_start, d.value_end].filter(Boolean).join(" – ") });
    art.events.forEach((e, i) => {
      const key = e.report_id || e.event_id || String(i);
      const anchor = e.trigger && ok(e.trigger) ? e.trigger.start : null;
      if (anchor !== null) out.push({ start: e.trigger.start, end: e.trigger.end, kind: "trigger", label: e.type, event: key });
      // The evidence sentence is a band; a span narrower than its quoted text is the cue
      // word the rule matched, marked inside the band.
      const bands = new Set();
      const band = (sentence, around) => {
        const at = locate(art.text, sentence, around);
        if (at !== null && !bands.has(at)) {
          bands.add(at);
          out.push({ start: at, end: at + sentence.length, kind: "evidence", label: e.type, event: key });
        }
      };
      for (const ev of e.evidence || []) {
        if (!ok(ev)) continue;
        if (ev.text && art.text.slice(ev.start, ev.end) === ev.text) {
          band(ev.text, ev.start);
        } else {
          out.push({ start: ev.start, end: ev.end, kind: "cue", label: `${e.type} · ${ev.rule || ""}`, event: key });
          if (ev.text) band(ev.text, ev.start);
        }
      }
      if (e.sentence && anchor !== null) band(e.sentence, anchor);
    });
    return out;
  }

  // Where ``needle`` occurs in ``text`` around offset ``around`` (the occurrence that
  // contains it, else the nearest), or null.
  function locate(text, needle, around) {
    if (!needle) return null;
    let best = null, i = text.indexOf(needle);
    while (i !== -1) {
      if (i <= around && around < i + needle.length) return i;
      if (best === null || Math.abs(i - around) < Math.abs(best - around)) best = i;
      i = text.indexOf(needle, i + 1);
    }
    return best;
  }

  function renderText(art) {
    const box = clear($("#article-text"));
    const text = art.text;
    const anns = annotations(art);
    const cuts = new Set([0, text.length]);
    for (const a of anns) { cuts.add(a.start); cuts.add(a.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const cover = anns.filter((x) => x.start <= a && x.end >= b);
      if (!cover.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      const kinds = new Set(cover.map((x) => x.kind));
      const el = h("span", { class: "hl " + [...kinds].join(" "), text: piece });
      const events = [...new Set(cover.filter((x) => x.event).map((x) => x.event))];
      if (events.length) el.dataset.events = events.join(" ");
      const ent = cover.find((x) => x.kind === "ent");
      if (ent && ent.sub) el.dataset.etype = ent.sub;
      el.setAttribute("title", cover.filter((x) => x.kind !== "evidence" || cover.length === 1).map((x) => x.label).join(" | "));
      el.dataset.start = String(a);
      el.dataset.end = String(b);
      frag.appendChild(el);
    }
    box.appendChild(frag);
  }

  function selectEvent(key, scroll) {
    state.selected = key;
    for (const el of $$("#article-text .hl")) {
      const evs = (el.dataset.events || "").split(" ");
      el.classList.toggle("active", evs.includes(key));
    }
    for (const li of $$("#article-events li")) li.classList.toggle("selected", li.dataset.event === key);
    const box = clear($("#article-selected"));
    const e = state.article && state.article.events.find((x) => (x.report_id || x.event_id) === key);
    if (!e) { box.appendChild(h("p", { class: "note", text: t("r.none") })); return; }
    box.appendChild(h("div", { class: "fields" },
      field(t("c.type"), e.type), field(t("d.trigger"), spanText(e.trigger)),
      field(t("d.actor"), spanText(e.actor)), field(t("d.target"), spanText(e.target)),
      field(t("d.place"), spanText(e.place)), field(t("d.date"), e.date),
      field(t("d.source"), spanText(e.source)), field(t("d.certainty"), cert(e.certainty)),
      e.negated ? field(t("d.negated"), "✓") : null));
    box.appendChild(h("h4", { text: t("d.evidence") }));
    const quoted = new Set();
    for (const ev of e.evidence || []) {
      if (ev.text && !quoted.has(ev.text)) {
        quoted.add(ev.text);
        box.appendChild(h("blockquote", { class: "evidence-quote", dir: "rtl", lang: "ar", text: ev.text }));
      }
      const cue = state.article.text.slice(ev.start, ev.end);
      const line = h("div", { class: "muted rule-line" }, t("d.rule") + ": " + (ev.rule || "?"));
      if (cue && cue !== ev.text) line.append(" — ", h("span", { class: "hl cue active", dir: "rtl", lang: "ar", text: cue }));
      box.appendChild(line);
    }
    if (scroll) {
      const first = $("#article-text .hl.active");
      if (first) first.scrollIntoView({ block: "center" });
    }
  }

  async function showArticle(id, eventKey) {
    let art;
    try { art = await api("/api/articles/" + encodeURIComponent(id)); } catch (err) { showError(err); return; }
    showError(null);
    state.article = art;
    $("#article-title").textContent = art.title || art.id;
    $("#article-meta").textContent = [art.outlet, art.published, art.url].filter(Boolean).join(" · ");
    renderText(art);
    const list = clear($("#article-events"));
    if (!art.events.length) list.appendChild(h("li", { class: "note", text: t("r.no_events") }));
    art.events.forEach((e, i) => {
      const key = e.report_id || e.event_id || String(i);
      const li = h("li", { class: "article-event", tabindex: 0, dataset: { event: key } },
        h("span", { class: "type-badge", dataset: { type: e.type || "" }, text: e.type || "" }), " ",
        h("span", { dir: "rtl", lang: "ar", text: spanText(e.trigger) || "" }), " ",
        h("span", { class: "muted", text: e.date || "" }));
      li.addEventListener("click", () => selectEvent(key, true));
      li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") selectEvent(key, true); });
      list.appendChild(li);
    });
    colorBadges(list);
    selectEvent(eventKey || null, Boolean(eventKey));
  }

  // -- articles list and submission ---------------------------------------------------
  async function refreshArticles() {
    let page;
    try { page = await api("/api/articles", { limit: PAGE, offset: state.articlesOffset }); } catch (err) { showError(err); return; }
    const tbody = clear($("#articles-table tbody"));
    for (const a of page.items) {
      tbody.appendChild(h("tr", {},
        h("td", { text: a.published || "" }),
        h("td", { dir: "auto" }, h("a", { href: "#/article/" + encodeURIComponent(a.id), text: a.title || a.id }),
          a.duplicate_of ? h("span", { class: "muted dup", text: " · " + t("a.dup") }) : null),
        h("td", { dir: "auto", text: a.outlet || "" }),
        h("td", { class: "num", text: String(a.n_events ?? "") })));
    }
    $("#articles-count").textContent = "(" + page.total + ")";
    pagerInfo($("#articles-pager"), page);
  }

  async function submitArticle(e) {
    e.preventDefault();
    const form = e.target;
    const fields = {};
    for (const name of ["text", "title", "published", "outlet"]) {
      const v = form.elements[name].value.trim();
      if (v) fields[name] = v;
    }
    const file = form.elements.file.files[0];
    let init;
    if (file) {  // an HTML page: the server extracts its text
      const data = new FormData();
      data.append("file", file);
      for (const name of ["title", "published", "outlet"]) if (fields[name]) data.append(name, fields[name]);
      init = { method: "POST", body: data };
    } else if (fields.text) {
      init = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(fields) };
    } else {
      showError(new Error(t("s.need")));
      return;
    }
    const status = $("#submit-status");
    status.textContent = t("s.working");
    try {
      const art = await api("/api/articles", null, init);
      status.textContent = t("s.done");
      form.reset();
      showError(null);
      location.hash = "#/article/" + encodeURIComponent(art.id);
    } catch (err) {
      status.textContent = "";
      showError(err);
    }
  }

  // -- routing ------------------------------------------------------------------------
  function route() {
    const hash = location.hash || "#/";
    const [path, query] = hash.slice(1).split("?");
    const params = new URLSearchParams(query || "");
    let parts;
    try { parts = path.split("/").filter(Boolean).map(decodeURIComponent); } catch (err) { parts = []; }
    const view = parts[0] === "article" ? "article" : parts[0] === "articles" ? "articles" : "events";
    $("#view-events").hidden = view !== "events";
    $("#view-articles").hidden = view !== "articles";
    $("#view-article").hidden = view !== "article";
    $("#nav-events").classList.toggle("current", view === "events");
    $("#nav-articles").classList.toggle("current", view === "articles");
    if (view === "events") {
      if (state.map) state.map.invalidateSize();
      if (parts[0] === "event" && parts[1]) showEvent(parts[1]);
      else $("#detail").hidden = true;
    } else if (view === "articles") {
      refreshArticles();
    } else {
      showArticle(parts[1], params.get("event"));
    }
  }

  // -- start --------------------------------------------------------------------------
  async function start() {
    applyLang();
    $("#lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "ar" ? "en" : "ar";
      applyLang();
      refreshAll();
      if (!$("#detail").hidden && $("#detail").dataset.id) showEvent($("#detail").dataset.id);
      if (!$("#view-article").hidden && state.article) showArticle(state.article.id, state.selected);
    });
    $("#filters").addEventListener("submit", (e) => { e.preventDefault(); refreshAll(); });
    $("#filters").addEventListener("change", (e) => { if (e.target.tagName === "SELECT" || e.target.type === "checkbox") refreshAll(); });
    $("#reset-filters").addEventListener("click", () => { $("#filters").reset(); refreshAll(); });
    $("#detail-close").addEventListener("click", () => { location.hash = "#/"; });
    $("#events-pager").addEventListener("click", (e) => {
      const dir = e.target.dataset && e.target.dataset.dir;
      if (!dir) return;
      state.eventsOffset = Math.max(0, state.eventsOffset + Number(dir) * PAGE);
      refreshTable().catch(showError);
    });
    $("#articles-pager").addEventListener("click", (e) => {
      const dir = e.target.dataset && e.target.dataset.dir;
      if (!dir) return;
      state.articlesOffset = Math.max(0, state.articlesOffset + Number(dir) * PAGE);
      refreshArticles();
    });
    $("#article-text").addEventListener("click", (e) => {
      const el = e.target.closest(".hl[data-events]");
      if (el) selectEvent(el.dataset.events.split(" ")[0], false);
    });
    $("#submit-form").addEventListener("submit", submitArticle);
    window.addEventListener("hashchange", route);
    try {
      await loadFacets();
      await initMap();
      await refreshAll();
    } catch (err) { showError(err); }
    route();
    document.body.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
