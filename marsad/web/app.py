"""marsad's HTTP API and web page (FastAPI).

``create_app(source)`` builds the application over a :class:`~marsad.web.data.DataSource`;
``marsad serve --db FILE`` runs it with uvicorn on 127.0.0.1. Everything the page needs
is served from this package (``static/``, vendored from npm by ``vendor.sh``): no CDN,
no tile server, so the page works with no network.

Article text is untrusted (it comes from the web): the API returns it as JSON strings
and the page only ever puts it in the DOM as text. A Content-Security-Policy that allows
scripts from this origin only backs that up.
"""
# No `from __future__ import annotations`: FastAPI must see the dependency and
# parameter types defined inside create_app().
import hashlib
import json
import threading
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Optional

from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..doc import Document
from .data import PLOVER_TYPES, DataSource, EventFilters

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

MAX_TEXT_CHARS = 200_000
MAX_BODY_BYTES = 2_000_000
MAX_LIMIT = 1000

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
# Swagger UI sets inline styles on its own elements; it still runs no script but its own.
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

PloverType = Literal[PLOVER_TYPES]  # type: ignore[valid-type]
EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "FAC"]


# -- response models (they document the API in /openapi.json) ----------------------

class Span(BaseModel):
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


class EvidenceOut(BaseModel):
    start: Optional[int] = None
    end: Optional[int] = None
    text: Optional[str] = None
    rule: Optional[str] = None
    sentence_id: Optional[int] = None
    confidence: Optional[float] = None


class EventOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    type: Optional[str] = None
    mode: Optional[str] = None
    date: Optional[str] = None
    date_end: Optional[str] = None
    actor: Optional[str] = None
    target: Optional[str] = None
    place: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    certainty: Optional[str] = None
    negated: Optional[bool] = None
    n_sources: Optional[int] = None
    n_reports: Optional[int] = None
    sentence: Optional[str] = None


class ReportOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    event_id: Optional[str] = None
    report_id: Optional[str] = None
    article_id: Optional[str] = None
    article_title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    type: Optional[str] = None
    sentence: Optional[str] = None
    date: Optional[str] = None
    certainty: Optional[str] = None
    negated: Optional[bool] = None
    trigger: Optional[Span] = None
    actor: Optional[Span] = None
    target: Optional[Span] = None
    place: Optional[Span] = None
    source: Optional[Span] = None
    evidence: list[EvidenceOut] = []


class EventDetail(EventOut):
    reports: list[ReportOut]


class ArticleSummary(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    n_events: Optional[int] = None


class ArticleDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    text: str
    entities: list[dict]
    places: list[dict]
    dates: list[dict]
    events: list[ReportOut]


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Any]


class EventPage(Page):
    items: list[EventOut]


class ArticlePage(Page):
    items: list[ArticleSummary]


class ArticleIn(BaseModel):
    """An article to extract and store (Arabic text; metadata optional)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(..., min_length=1, max_length=MAX_TEXT_CHARS)
    title: Optional[str] = Field(None, max_length=2000)
    published: Optional[str] = Field(None, max_length=40,
                                     description="ISO date or date-time, e.g. 2024-03-02 or 2024-03-02T13:44:00")
    outlet: Optional[str] = Field(None, max_length=500)
    url: Optional[str] = Field(None, max_length=4000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is blank")
        return v

    @field_validator("published")
    @classmethod
    def _iso(cls, v: Optional[str]) -> Optional[str]:
        if v is None or not v.strip():
            return None
        try:
            datetime.fromisoformat(v.strip())
        except ValueError:
            raise ValueError("published must be an ISO date (YYYY-MM-DD) or date-time")
        return v.strip()

    @field_validator("url")
    @classmethod
    def _http(cls, v: Optional[str]) -> Optional[str]:
        if v and not v.lower().startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return v or None


# -- helpers ----------------------------------------------------------------------

def parse_bbox(bbox: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    if bbox is None or bbox == "":
        return None
    parts = bbox.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(400, "bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    if not all(map(_finite, (minlon, minlat, maxlon, maxlat))):
        raise HTTPException(400, "bbox must be four finite numbers")
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= 90 and -90 <= maxlat <= 90):
        raise HTTPException(400, "bbox out of range: longitudes in [-180, 180], latitudes in [-90, 90]")
    if minlon > maxlon or minlat > maxlat:
        raise HTTPException(400, "bbox must be minlon,minlat,maxlon,maxlat with min <= max")
    return minlon, minlat, maxlon, maxlat


def _finite(x: float) -> bool:
    return x == x and x not in (float("inf"), float("-inf"))


def html_to_article(html: str) -> dict:
    """An uploaded HTML page to text and metadata, exactly as ``marsad extract`` reads a
    page (marsad.io.html: boilerplate, scripts and markup dropped)."""
    from ..io.html import extract_page

    page = extract_page(html)
    return {"text": page.text, "title": page.title, "published": page.published, "outlet": page.outlet,
            "url": page.url}


ARTICLE_BODY_DOC = {
    "requestBody": {
        "required": True,
        "description": "JSON {text, title?, published?, outlet?, url?}; or an HTML page, either as the raw "
                       "body (Content-Type: text/html) or as a file field `file` of multipart/form-data "
                       "(optional form fields: title, published, outlet).",
        "content": {
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "text/html": {"schema": {"type": "string"}},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"},
                               "title": {"type": "string"}, "published": {"type": "string"},
                               "outlet": {"type": "string"}}}},
        },
    }
}


def create_app(source: DataSource, *, extract: Optional[Callable[[Document], Document]] = None,
               title: str = "marsad", warm: bool = False) -> FastAPI:
    """The API and page over ``source``. ``extract`` runs the pipeline on a submitted article
    (default: ``marsad.pipeline.load()``, built on first use, or at start-up in a
    background thread with ``warm=True``)."""
    def warm_up() -> None:
        try:
            run_pipeline(Document(id="warm-up", text="قال الوزير."))
        except Exception:  # reported when an article is submitted
            pass

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:  # load the pipeline in the background so the first submission is quick
            threading.Thread(target=warm_up, name="marsad-warm-up", daemon=True).start()
        yield
        source.close()

    app = FastAPI(title=f"{title} API", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Events, articles, entities and places extracted from Arabic news by marsad. "
                              "Every event carries its reports and the evidence spans behind them.")
    app.state.source = source
    lock = threading.Lock()
    nlp_box: dict[str, Any] = {"nlp": extract}

    def run_pipeline(doc: Document) -> Document:
        with lock:  # stages keep per-document scratch state; one document at a time
            if nlp_box["nlp"] is None:
                from ..pipeline import load
                nlp_box["nlp"] = load()
            return nlp_box["nlp"](doc)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP_DOCS if request.url.path == "/docs" else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    # -- page --------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(TEMPLATES / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(TEMPLATES / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # -- events ------------------------------------------------------------------
    def event_filters(
        since: Annotated[Optional[date], Query(description="first day (YYYY-MM-DD), inclusive")] = None,
        until: Annotated[Optional[date], Query(description="last day (YYYY-MM-DD), inclusive")] = None,
        country: Annotated[Optional[str], Query(pattern="^[A-Za-z]{2}$",
                                                description="ISO 3166-1 alpha-2 country code")] = None,
        type: Annotated[Optional[PloverType], Query(description="PLOVER event type")] = None,
        actor: Annotated[Optional[str], Query(min_length=1, max_length=200,
                                              description="part of the actor's name (Arabic or canonical)")] = None,
        min_sources: Annotated[Optional[int], Query(ge=1, le=10_000,
                                                    description="at least this many independent sources")] = None,
        bbox: Annotated[Optional[str], Query(description="minlon,minlat,maxlon,maxlat")] = None,
    ) -> EventFilters:
        if since and until and since > until:
            raise HTTPException(400, "since must not be after until")
        return EventFilters(since=since, until=until, country=country.upper() if country else None,
                            type=type, actor=actor, min_sources=min_sources, bbox=parse_bbox(bbox))

    Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (1..{MAX_LIMIT})")]
    Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]

    @app.get("/api/events", response_model=EventPage, tags=["events"],
             summary="Events, filtered and paginated (newest first)")
    def list_events(f: Annotated[EventFilters, Depends(event_filters)], limit: Limit = 100, offset: Offset = 0):
        total, items = source.events(f, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/timeline", tags=["events"], summary="Event counts by day and type, same filters as /api/events")
    def timeline(f: Annotated[EventFilters, Depends(event_filters)]) -> dict:
        return {"items": source.timeline(f)}

    @app.get("/api/events/{event_id}", response_model=EventDetail, tags=["events"],
             summary="One event with all its reports and evidence spans")
    def get_event(event_id: Annotated[str, PathParam(max_length=300)]):
        ev = source.event(event_id)
        if ev is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return ev

    @app.get("/api/facets", tags=["events"], summary="Event types and countries present, for filter menus")
    def facets() -> dict:
        return source.facets()

    # -- articles ----------------------------------------------------------------
    @app.get("/api/articles", response_model=ArticlePage, tags=["articles"], summary="Articles, paginated")
    def list_articles(limit: Limit = 100, offset: Offset = 0):
        total, items = source.articles(limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, tags=["articles"],
             summary="One article: its text and every annotation with character offsets")
    def get_article(article_id: Annotated[str, PathParam(max_length=300)]):
        art = source.article(article_id)
        if art is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return art

    @app.post("/api/articles", status_code=201, response_model=ArticleDetail, tags=["articles"],
              summary="Extract and store one article (JSON text or an HTML page)", openapi_extra=ARTICLE_BODY_DOC)
    async def post_article(request: Request):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            raise HTTPException(413, f"request body over {MAX_BODY_BYTES} bytes")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        page_date: Optional[str] = None
        if ctype == "application/json":
            raw = await request.body()
            if len(raw) > MAX_BODY_BYTES:
                raise HTTPException(413, f"request body over {MAX_BODY_BYTES} bytes")
            try:
                payload = json.loads(raw)
            except ValueError as exc:
                raise HTTPException(400, f"malformed JSON: {exc}")
            if not isinstance(payload, dict):
                raise HTTPException(422, "the body must be a JSON object with a text field")
        elif ctype in ("text/html", "multipart/form-data"):
            fields: dict[str, Any] = {}
            if ctype == "text/html":
                raw = await request.body()
            else:
                form = await request.form()
                upload = form.get("file")
                if upload is None or isinstance(upload, str):
                    raise HTTPException(422, "multipart upload needs a file field named 'file'")
                raw = await upload.read()
                fields = {k: form.get(k) for k in ("title", "published", "outlet") if form.get(k)}
            if len(raw) > MAX_BODY_BYTES:
                raise HTTPException(413, f"request body over {MAX_BODY_BYTES} bytes")
            try:
                html = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise HTTPException(400, "the HTML page must be UTF-8")
            found = html_to_article(html)
            if not (found.get("text") or "").strip():
                raise HTTPException(422, "no article text found in the HTML page")
            # A date sent with the upload must be ISO like any other; the page's own date
            # is passed on raw, for the dates stage to resolve as it does in `marsad extract`.
            page_date = found.pop("published", None)
            if found.get("url") and not str(found["url"]).lower().startswith(("http://", "https://")):
                found.pop("url")
            payload = {k: v for k, v in found.items() if v} | fields
        else:
            raise HTTPException(415, "send application/json, text/html or multipart/form-data")
        try:
            art = ArticleIn.model_validate(payload)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_url=False, include_context=False))
        article_id = "web-" + hashlib.sha256(art.text.encode("utf-8")).hexdigest()[:16]
        doc = Document(id=article_id, text=art.text, title=art.title, outlet=art.outlet, url=art.url,
                       published_raw=art.published or page_date)
        import anyio

        doc = await anyio.to_thread.run_sync(run_pipeline, doc)
        if doc.published is None and art.published:
            doc.published = art.published  # the dates stage resolves it when present
        try:
            stored_id = await anyio.to_thread.run_sync(source.add_document, doc)
        except PermissionError as exc:
            raise HTTPException(403, str(exc))
        out = source.article(stored_id)
        if out is None:  # pragma: no cover - a source that cannot read back what it stored
            raise HTTPException(500, "the article was stored but cannot be read back")
        return out

    # -- entities and places -----------------------------------------------------
    @app.get("/api/entities", response_model=Page, tags=["entities"],
             summary="Entities (people, organizations, places named as actors), most mentioned first")
    def list_entities(limit: Limit = 100, offset: Offset = 0,
                      type: Annotated[Optional[EntityType], Query(description="entity type")] = None,
                      q: Annotated[Optional[str], Query(min_length=1, max_length=200,
                                                        description="part of the name")] = None):
        total, items = source.entities(limit, offset, type=type, q=q)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/places", response_model=Page, tags=["places"], summary="Places, most mentioned first")
    def list_places(limit: Limit = 100, offset: Offset = 0,
                    country: Annotated[Optional[str], Query(pattern="^[A-Za-z]{2}$")] = None,
                    q: Annotated[Optional[str], Query(min_length=1, max_length=200)] = None):
        total, items = source.places(limit, offset, country=country.upper() if country else None, q=q)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    return app
