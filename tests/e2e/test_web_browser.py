"""The web page in a real browser (headless Debian Chromium): map, filters, evidence, safety."""
from __future__ import annotations

import re

from web_corpus import XSS_OUTLET, XSS_TITLE

XSS_FLAGS = ["__xss_title", "__xss_outlet", "__xss_text", "__xss_img", "__xss_b"]


def open_page(page, server, hash_: str = "#/"):
    page.goto(server.url + "/" + hash_)
    page.wait_for_selector("body[data-ready='1']")
    return page


def table_rows(page):
    return page.locator("#events-table tbody tr.event-row")


def wait_rows(page, n: int):
    page.wait_for_function(
        "n => document.querySelectorAll('#events-table tbody tr.event-row').length === n", arg=n)


def assert_clean(page):
    assert page.watch.errors == [], page.watch.errors
    assert page.watch.external == [], page.watch.external


def test_map_shows_markers_on_the_offline_basemap(page, server):
    open_page(page, server)
    # 7 merged events, all geocoded
    page.wait_for_function("() => document.querySelectorAll('path.event-marker').length === 7")
    assert page.locator("#map").get_attribute("data-markers") == "7"
    # the Natural Earth outlines are drawn from the vendored TopoJSON, no tiles
    n_paths = page.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length")
    assert n_paths > 150
    assert page.locator(".leaflet-tile").count() == 0
    # the timeline draws bars for every type present
    types = set(page.eval_on_selector_all("#timeline rect.bar", "els => els.map(e => e.dataset.type)"))
    assert types == {"AGREE", "AID", "ASSAULT", "PROTEST", "REQUEST"}
    assert_clean(page)


def test_hovering_a_marker_shows_its_event_and_clicking_opens_it(page, server):
    open_page(page, server)
    page.wait_for_function("() => document.querySelectorAll('path.event-marker').length === 7")
    page.locator("#filters select[name=type]").select_option("AID")
    page.wait_for_function("() => document.querySelectorAll('path.event-marker').length === 1")
    marker = page.locator("path.event-marker").first
    marker.hover()
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for()
    assert "AID" in tip.inner_text() and "برنامج الأغذية العالمي" in tip.inner_text()
    marker.click()
    page.wait_for_selector("#detail:not([hidden]) .report")
    assert "#/event/" in page.url
    assert_clean(page)


def test_filters_change_the_table(page, server):
    open_page(page, server)
    wait_rows(page, 7)
    assert page.locator("#events-count").inner_text() == "(7)"

    page.locator("#filters select[name=type]").select_option("ASSAULT")
    wait_rows(page, 3)
    assert set(page.locator("#events-table tbody .type-badge").all_inner_texts()) == {"ASSAULT"}

    page.locator("#filters select[name=country]").select_option("SY")
    wait_rows(page, 2)

    page.locator("#filters input[name=min_sources]").fill("2")
    page.locator("#apply-filters").click()
    wait_rows(page, 1)
    assert "طائرات حربية" in table_rows(page).first.inner_text()
    page.wait_for_function("() => document.querySelectorAll('path.event-marker').length === 1")

    page.locator("#reset-filters").click()
    wait_rows(page, 7)

    page.locator("#filters input[name=actor]").fill("المحتجون")
    page.locator("#filters input[name=actor]").press("Enter")
    wait_rows(page, 1)
    assert "REQUEST" in table_rows(page).first.inner_text()

    page.locator("#reset-filters").click()
    page.locator("#filters input[name=since]").fill("2024-03-08")
    page.locator("#filters input[name=until]").fill("2024-03-12")
    page.locator("#apply-filters").click()
    wait_rows(page, 3)
    assert_clean(page)


def test_bad_filter_shows_the_api_error(page, server):
    open_page(page, server)
    wait_rows(page, 7)
    page.locator("#filters input[name=since]").fill("2024-03-12")
    page.locator("#filters input[name=until]").fill("2024-03-01")
    page.locator("#apply-filters").click()
    page.wait_for_selector("#error:not([hidden])")
    assert "since must not be after until" in page.locator("#error").inner_text()


def test_opening_an_event_shows_its_evidence_highlighted_in_the_article(page, server):
    open_page(page, server)
    wait_rows(page, 7)
    row = table_rows(page).filter(has_text="طائرات حربية").first
    row.click()
    page.wait_for_selector("#detail:not([hidden]) .report")
    reports = page.locator("#detail .report")
    assert reports.count() == 2  # two outlets, one event
    assert "2" in page.locator("#detail .fields").first.inner_text()

    reports.first.locator("a.show-evidence").click()
    page.wait_for_selector("#view-article:not([hidden]) #article-text .hl.evidence.active")
    text = page.locator("#article-text")
    assert text.get_attribute("dir") == "rtl" and text.get_attribute("lang") == "ar"

    active = "".join(page.eval_on_selector_all("#article-text .hl.evidence.active", "els => els.map(e => e.textContent)"))
    assert active.startswith("حلب - قصفت طائرات حربية") and active.endswith("مقتل خمسة مسلحين.")
    trig = page.eval_on_selector_all("#article-text .hl.trigger.active", "els => els.map(e => e.textContent)")
    assert trig == ["قصفت"]
    # the evidence is on screen and quoted in the side panel
    assert page.locator("#article-text .hl.evidence.active").first.is_visible()
    assert "مقتل خمسة مسلحين" in page.locator("#article-selected .evidence-quote").inner_text()
    # entities and places are highlighted too
    ents = page.eval_on_selector_all("#article-text .hl.ent", "els => els.map(e => e.textContent).join('')")
    assert "تنظيم داعش" in ents and "المرصد السوري لحقوق الإنسان" in ents
    places = page.eval_on_selector_all("#article-text .hl.place", "els => els.map(e => e.textContent).join('')")
    assert "ريف حلب" in places and "دير الزور" in places

    # the article's other event is one click away
    page.locator("#article-events li").filter(has_text="استهدفوا").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#article-text .hl.trigger.active')].map(e => e.textContent).join() === 'استهدفوا'")
    active = "".join(page.eval_on_selector_all("#article-text .hl.evidence.active", "els => els.map(e => e.textContent)"))
    assert active.startswith("وقال المرصد السوري")
    assert_clean(page)


def test_article_text_is_the_original_text(page, server):
    open_page(page, server, "#/articles")
    page.wait_for_selector("#articles-table tbody tr")
    assert page.locator("#articles-table tbody tr").count() == 6
    page.locator("#articles-table a", has_text="آلاف العراقيين يتظاهرون في بغداد").click()
    page.wait_for_selector("#view-article:not([hidden]) #article-text .hl")
    shown = page.locator("#article-text").text_content()
    assert shown.startswith("بغداد - تظاهر آلاف العراقيين") and shown.endswith("عن الأزمة.")
    assert_clean(page)


def test_script_in_article_text_never_runs(page, server):
    """Markup in text, title, outlet, entities and event arguments stays text everywhere."""
    open_page(page, server)
    wait_rows(page, 7)
    # the table row and its sentence
    row = table_rows(page).filter(has_text="هاجموا").first
    assert "<script>window.__xss_text=1</script>" in row.inner_text()
    # the map tooltip
    page.locator("#filters select[name=country]").select_option("LB")
    page.wait_for_function("() => document.querySelectorAll('path.event-marker').length === 1")
    page.locator("path.event-marker").first.hover()
    page.locator(".leaflet-tooltip").wait_for()
    assert 'onerror="window.__xss_img=1"' in page.locator(".leaflet-tooltip").inner_text()
    # event detail, then the article reader
    table_rows(page).first.click()
    page.wait_for_selector("#detail:not([hidden]) .report")
    assert XSS_OUTLET in page.locator("#detail .report-head").inner_text()
    assert XSS_TITLE in page.locator("#detail .report-title").inner_text()
    page.locator("#detail a.show-evidence").first.click()
    page.wait_for_selector("#view-article:not([hidden]) #article-text .hl.evidence.active")
    assert page.locator("#article-title").inner_text() == XSS_TITLE
    assert XSS_OUTLET in page.locator("#article-meta").inner_text()
    assert "<script>window.__xss_text=1</script>" in page.locator("#article-text").text_content()
    # hover the entity whose markup carries an onmouseover
    page.locator("#article-text .hl.ent").first.hover()
    # the articles list too
    page.goto(server.url + "/#/articles")
    page.wait_for_selector("#articles-table tbody tr")
    assert XSS_TITLE in page.locator("#articles-table").inner_text()

    flags = page.evaluate(f"{XSS_FLAGS!r}.filter(k => k in window)")
    assert flags == []
    # no element built from data: the only scripts are the page's own, no handler attributes
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert all(s and s.startswith("/static/") for s in scripts), scripts
    assert page.locator("[onerror], [onmouseover], [onload], [onclick]").count() == 0
    assert page.locator("#article-text img, #article-text b, #detail img").count() == 0
    assert_clean(page)


def test_language_toggle_switches_labels_and_direction(page, server):
    open_page(page, server)
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("#nav-events").inner_text() == "Events"
    page.locator("#lang-toggle").click()
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("#nav-events").inner_text() == "الأحداث"
    assert page.locator("#apply-filters").inner_text() == "تطبيق"
    wait_rows(page, 7)
    # the choice is remembered
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#nav-events").inner_text() == "الأحداث"
    page.locator("#lang-toggle").click()
    page.wait_for_function("() => document.documentElement.dir === 'ltr'")
    assert_clean(page)


def test_api_docs_page_works_offline(page, server):
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/events$")).count() >= 1
    assert page.watch.external == []


def test_submitting_an_article_opens_it_in_the_reader(page, server, tmp_path):
    open_page(page, server, "#/articles")
    page.wait_for_selector("#articles-table tbody tr")
    text = "قال وزير الخارجية الأردني في عمّان يوم الأحد إن بلاده تدعم استئناف المفاوضات بين الطرفين."
    page.locator("#submit-form textarea[name=text]").fill(text)
    page.locator("#submit-form input[name=title]").fill("<script>window.__xss_form=1</script>تصريح")
    page.locator("#submit-form button[type=submit]").click()
    # the server loads the extraction pipeline on first use: allow it time
    page.wait_for_function("t => document.querySelector('#article-text').textContent === t", arg=text,
                           timeout=90_000)
    assert page.locator("#article-title").inner_text() == "<script>window.__xss_form=1</script>تصريح"

    html = tmp_path / "page.html"
    html.write_text("<html><head><title>خبر</title></head><body><article><p>افتتحت بلدية الزرقاء يوم الاثنين حديقة "
                    "عامة جديدة بمساحة عشرين دونماً في وسط المدينة.</p><script>window.__xss_upload=1</script>"
                    "<p>وقال رئيس البلدية إن الحديقة ستفتح أبوابها للزوار طوال أيام الأسبوع.</p></article></body></html>",
                    encoding="utf-8")
    page.goto(server.url + "/#/articles")
    page.wait_for_selector("#articles-table tbody tr")
    page.locator("#submit-form input[name=file]").set_input_files(str(html))
    page.locator("#submit-form button[type=submit]").click()
    page.wait_for_function("() => (document.querySelector('#article-text').textContent || '').includes('بلدية الزرقاء')",
                           timeout=60_000)
    assert "__xss_upload" not in page.locator("#article-text").text_content()
    assert page.evaluate("() => ['__xss_form', '__xss_upload'].filter(k => k in window)") == []
    assert_clean(page)


def test_clicking_a_timeline_bar_filters_to_its_day_and_type(page, server):
    open_page(page, server)
    wait_rows(page, 7)
    page.locator('#timeline rect.bar[data-bin="2024-03-03"][data-type="ASSAULT"]').click()
    wait_rows(page, 2)
    assert page.locator("#filters input[name=since]").input_value() == "2024-03-03"
    assert page.locator("#filters input[name=until]").input_value() == "2024-03-03"
    dates = page.eval_on_selector_all("#events-table tbody tr.event-row td:first-child", "els => els.map(e => e.textContent)")
    assert dates == ["2024-03-03", "2024-03-03"]
    page.wait_for_function("() => document.querySelectorAll('path.event-marker').length === 2")
    assert_clean(page)
