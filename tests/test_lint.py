"""`dossier templates check`: every template mistake a consultant makes is found and located.

A document's only source is its Word template; the checklist is the one HTML template. Word
templates are built here from raw WordprocessingML (so the tests control exactly how Word
split the text into runs) or copied from the shipped ones with one edit; they live in a
dossier's own ``templates/`` folder (the override path), which also shows that the lint
covers overrides.
"""

from __future__ import annotations

import ast
import io
import shutil
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from jinja2.sandbox import SecurityError

from pipeline.check.checklist import render_checklist_html
from pipeline.check.engine import RULES
from pipeline.check.findings import WARNING, Finding
from pipeline.commands.templates import templates_check
from pipeline.documents import DOCUMENTEN
from pipeline.exceptions import TemplateProblem
from pipeline.lint.check import Report, _Linter, check_search_path
from pipeline.lint.vocabulary import EXTRAS, vocabulary
from pipeline.model.answers import Dossier
from pipeline.read.validate import load_dossier
from pipeline.render.context import template_context
from pipeline.render.docx import render_docx
from pipeline.render.html import render_html
from pipeline.route.view import route_view
from pipeline.templatedoc import TEMPLATEDOC_PATH, templatedoc_markdown
from pipeline.templates import TEMPLATES
from pipeline.ui import Reporter
from tests.conftest import EXAMPLE, ROOT, word_override
from tests.textutil import docx_text

PROOF = '<w:proofErr w:type="spellStart"/>'
BOOKMARK = '<w:bookmarkStart w:id="7" w:name="_GoBack"/><w:bookmarkEnd w:id="7"/>'
CHECKLIST = (TEMPLATES / "checklist" / "checklist.html").read_text(encoding="utf-8")
BODY = '<body class="checklist">'  # where a consultant would add something to the checklist


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*pieces: str) -> str:
    """One paragraph; each piece is a run (plain text) or raw XML (starting with ``<``)."""
    body = "".join(p if p.startswith("<") else run(p) for p in pieces)
    return f'<w:p {nsdecls("w")}>{body}</w:p>'


def table(*rows: list[str]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:tcPr/>{para(text)}</w:tc>" for text in row) + "</w:tr>" for row in rows
    )
    return f'<w:tbl {nsdecls("w")}><w:tblPr/><w:tblGrid/>{cells}</w:tbl>'


def word_template(path: Path, *blocks: str) -> Path:
    doc = Document()
    end = doc.element.body[-1]  # sectPr stays last
    for block in blocks:
        end.addprevious(parse_xml(block))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def override(dossier: Path, relative: str) -> Path:
    path = dossier / "templates" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def check(*folders: Path) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = templates_check(list(folders), out=Reporter(stdout=stdout, stderr=stderr))
    return code, stdout.getvalue() + stderr.getvalue()


def line_in(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# ------------------------------------------------------------------ shipped templates


def test_shipped_templates_lint_clean() -> None:
    code, output = check()
    assert code == 0, output
    assert "geen problemen" in output


def test_vocabulary_extras_match_the_render_context() -> None:
    """The lint knows exactly the variables the renderers hand to a template."""
    dossier = load_dossier(EXAMPLE).dossier
    context = template_context(dossier, "projectplan")
    extras = set(context) - set(Dossier.model_fields)
    assert extras == {v.path for v in EXTRAS if "." not in v.path and "[" not in v.path and v.alleen is None}
    assert set(context["document"]) == {p.split(".")[1] for p in vocabulary("docx") if p.startswith("document.")}
    assert set(context["doelsoorten"][0]) == {
        p.split(".")[1] for p in vocabulary("docx") if p.startswith("doelsoorten[].")
    }


# ------------------------------------------------------------------ the answers model, in a document's Word template


def test_misspelt_variable_is_found_with_a_suggestion(example_copy: Path) -> None:
    path = word_override(example_copy, "aanvraaggegevens",
                         replace={"doelgroep.aantal_leerlingen": "doelgroep.aantal_leerlingn"})
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}: alinea ‘{{{{ arrangement.doelgroep.aantal_leerlingn }}}}’: onbekende variabele "
        "‘arrangement.doelgroep.aantal_leerlingn’"
    ) in output
    assert "bedoelde u ‘arrangement.doelgroep.aantal_leerlingen’?" in output
    # and the traceability table notices the field is gone from this document
    assert (
        f"{path}: gebruikt ‘arrangement.doelgroep.aantal_leerlingen’ niet, maar volgens het "
        "antwoordmodel hoort dit veld in Formulier aanvraaggegevens"
    ) in output


def test_loop_variable_resolves_to_the_list_item(example_copy: Path) -> None:
    path = word_override(example_copy, "aanvraaggegevens", replace={"{{ s.brin }}": "{{ s.brim }}"})
    code, output = check(example_copy)
    assert code == 1
    assert f"{path}: alinea ‘{{{{ s.brim }}}}’: onbekende variabele ‘s.brim’ (= scholen[].brim)" in output
    assert "bedoelde u ‘s.brin’?" in output


def test_list_used_as_a_group_explains_the_loop(example_copy: Path) -> None:
    word_override(example_copy, "aanvraaggegevens",
                  replace={"{{ samenwerkingsverband.plaats }}": "{{ zorgaanbieders.plaats }}"})
    code, output = check(example_copy)
    assert code == 1
    assert "‘zorgaanbieders’ is een lijst: gebruik {% for x in zorgaanbieders %} … {{ x.plaats }}" in output


def test_unknown_filter_and_attribute_in_filter_are_found(example_copy: Path) -> None:
    path = word_override(example_copy, "aanvraaggegevens", replace={
        "{{ arrangement.startdatum|datum }}":
            "{{ arrangement.startdatum|datm }} {{ scholen|map(attribute='plaatz')|list|opsomming }}",
    })
    code, output = check(example_copy)
    assert code == 1
    assert f"{path}: alinea ‘{{{{ arrangement.startdatum|datm }}}}" in output
    assert "fout in sjabloon: onbekend filter ‘datm’; bedoelde u ‘datum’?" in output
    assert "onbekende variabele ‘map(… 'plaatz')’ (= scholen[].plaatz)" in output
    assert "bedoelde u ‘map(… 'plaats')’?" in output


def test_macro_parameters_resolve_at_the_call(example_copy: Path) -> None:
    word_override(example_copy, "aanvraaggegevens", add=[
        "{% macro persoon(p) %}{{ p.naam }} ({{ p.funtie }}){% endmacro %}{{ persoon(regisseur) }}",
    ])
    code, output = check(example_copy)
    assert code == 1
    assert "onbekende variabele ‘p.funtie’ (= regisseur.funtie)" in output
    assert "bedoelde u ‘p.functie’?" in output


# ------------------------------------------------------------------ the checklist's HTML template


def checklist_override(dossier: Path, source: str) -> Path:
    path = override(dossier, "checklist/checklist.html")
    path.write_text(source, encoding="utf-8")
    return path


def test_syntax_error_in_html_names_the_open_block_and_its_line(example_copy: Path) -> None:
    opened = "\n<ul>\n{% for groep, rijen in groepen %}\n<li>{{ groep }}</li>\n</ul>\n"  # and never closed
    source = CHECKLIST.split(BODY)[0] + BODY + opened
    path = checklist_override(example_copy, source)
    code, output = check(example_copy)
    assert code == 1
    line = line_in(source, "{% for groep")
    assert f"{path}:{line}: fout in sjabloon: ‘{{% for %}}’ wordt niet gesloten met ‘{{% endfor %}}’" in output


def test_mismatched_end_tag(example_copy: Path) -> None:
    source = CHECKLIST.replace(
        BODY, BODY + "\n{% for groep, rijen in groepen %}\n{% if rijen %}{{ groep }}\n{% endfor %}")
    path = checklist_override(example_copy, source)
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}:{line_in(source, '{% endfor %}')}: fout in sjabloon: ‘{{% endfor %}}’ staat op de verkeerde "
        f"plek: eerst moet ‘{{% if %}}’ gesloten worden met ‘{{% endif %}}’ (‘{{% if %}}’ staat op regel "
        f"{line_in(source, '{% if rijen %}')})"
    ) in output


def test_missing_include_is_reported(example_copy: Path) -> None:
    source = CHECKLIST.replace(BODY, BODY + '{% include "kop.html" %}')
    path = checklist_override(example_copy, source)
    code, output = check(example_copy)
    assert code == 1
    assert f"{path}:{line_in(source, 'kop.html')}: sjabloon ‘kop.html’ niet gevonden" in output


def test_unknown_filter_in_the_checklist(example_copy: Path) -> None:
    source = CHECKLIST.replace(BODY, BODY + "\n<p>{{ vandaag | datm }}</p>")
    path = checklist_override(example_copy, source)
    code, output = check(example_copy)
    assert code == 1
    assert f"{path}:{line_in(source, 'datm')}: fout in sjabloon: onbekend filter ‘datm’; bedoelde u ‘datum’?" in output


@pytest.mark.parametrize(("shipped", "misspelt", "suggestion"), [
    ("{{ route.kaart }}", "routee.kaart", "bedoelde u ‘route.kaart’?"),
    ("{{ route.kaart }}", "route.kaartt", "bedoelde u ‘route.kaart’?"),
    ("{{ arrangement.naam }}", "dossier.arrangement.naaam", "schrijf ‘arrangement.naam’, zonder ‘dossier.’ ervoor"),
    ("{{ arrangement.naam }}", "arrangement.naaam", "bedoelde u ‘arrangement.naam’?"),
    ("{{ rij.regel.titel }}", "rij.regel.titl", "bedoelde u ‘rij.regel.titel’?"),  # in {% for groep, rijen … %}
    ("{{ b.melding ", "b.meldig", "bedoelde u ‘b.melding’?"),
])
def test_misspelt_field_in_the_checklist_is_found(example_copy: Path, shipped: str, misspelt: str,
                                                  suggestion: str) -> None:
    """The lint knows the checklist's own context, in a dossier's own checklist.html as in the
    shipped one: a name the build refuses is found before, at its line."""
    assert shipped in CHECKLIST
    source = CHECKLIST.replace(shipped, shipped.replace(shipped.strip("{} ").split(" ")[0], misspelt), 1)
    path = checklist_override(example_copy, source)
    code, output = check(example_copy)
    assert code == 1
    line = line_in(source, misspelt)
    assert f"{path}:{line}: onbekende variabele ‘{misspelt}’ — die " in output
    assert suggestion in output
    assert len(output.splitlines()) == 2, output  # that one finding, and the count
    loaded = load_dossier(example_copy)
    rule = RULES[0]  # one finding, so that the checklist has a finding to show
    finding = Finding(rule.id, WARNING, rule.source, None, loaded.source.path, 1, None, "melding", "wat te doen")
    with pytest.raises(TemplateProblem, match=f"checklist.html:{line}: "):  # what the build says of it
        render_checklist_html(loaded, [finding])


def test_misspelt_field_in_a_copied_checklist_template(tmp_path: Path) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    page = copy / "checklist" / "checklist.html"
    source = CHECKLIST.replace("{{ route.kaart }}", "{{ routee.kaart }}")
    page.write_text(source, encoding="utf-8")
    report = Report()
    check_search_path([copy], _Linter(), report)
    assert [str(f) for f in report.findings] == [
        f"{page}:{line_in(source, 'routee')}: onbekende variabele ‘routee.kaart’ — die krijgt de controlelijst "
        "niet en geeft bij het maken van de controlelijst een fout; bedoelde u ‘route.kaart’?"
    ]


def test_the_shipped_checklist_is_checked_against_its_own_context() -> None:
    from pipeline.check.checklist import checklist_context
    from pipeline.lint.check import CHECKLIST as CHECKLIST_CONTEXT
    from pipeline.lint.vocabulary import checklist_vocabulary

    shipped = _Linter().lint(TEMPLATES / "checklist" / "checklist.html", context=CHECKLIST_CONTEXT)
    assert shipped.findings == []
    used = {use.written.split(".")[0] for use in shipped.analysis.uses}
    assert {"route", "groepen", "rij", "b", "arrangement", "klaar"} <= used  # its variables were looked at
    # exactly the names the checklist renderer passes: no more (a name the build refuses), no fewer
    loaded = load_dossier(EXAMPLE)
    today = date(2027, 3, 1)
    context = checklist_context(loaded, [], today=today, route=route_view(loaded, today=today))
    assert set(context) == {path.split(".")[0].split("[")[0] for path in checklist_vocabulary()}


# ------------------------------------------------------------------ Word


def test_misspelt_variable_in_word_shows_the_paragraph(example_copy: Path) -> None:
    path = word_template(
        override(example_copy, "projectplan/projectplan.docx"),
        para("Projectplan"),
        para("School: {% for s in scholen %}{{ s.nam }}{% endfor %}"),
    )
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}: alinea ‘School: {{% for s in scholen %}}{{{{ s.nam }}}}{{% endfor %}}’: "
        "onbekende variabele ‘s.nam’ (= scholen[].nam)"
    ) in output
    assert "bedoelde u ‘s.naam’?" in output


def test_syntax_error_in_word_shows_the_paragraph(example_copy: Path) -> None:
    path = word_template(
        override(example_copy, "projectplan/projectplan.docx"),
        para("Inleiding"),
        para("{% if arrangement.opmerkingen %}Opmerkingen:"),
        para("{{ arrangement.opmerkingen }}"),
    )
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}: alinea ‘{{% if arrangement.opmerkingen %}}Opmerkingen:’: fout in sjabloon: "
        "‘{% if %}’ wordt niet gesloten met ‘{% endif %}’"
    ) in output


def test_tag_split_over_two_table_cells_is_found(example_copy: Path) -> None:
    path = word_template(
        override(example_copy, "projectplan/projectplan.docx"),
        table(["Naam arrangement: {{ arrangement.", "naam }}"]),
    )
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}: alinea ‘Naam arrangement: {{{{ arrangement.’: de tag ‘{{{{ arrangement.…’ loopt "
        "door in de volgende alinea of tabelcel"
    ) in output


def test_brace_inserted_as_symbol_leaves_a_stray_closing_tag(example_copy: Path) -> None:
    symbol = '<w:r><w:sym w:font="Symbol" w:char="F07B"/></w:r>'
    path = word_template(
        override(example_copy, "projectplan/projectplan.docx"),
        para("Regisseur: {", symbol, " regisseur.naam }}"),
    )
    code, output = check(example_copy)
    assert code == 1
    assert f"{path}: alinea ‘Regisseur: {{ regisseur.naam }}}}’: losse ‘}}}}’" in output


def test_runs_split_by_proofing_and_bookmarks_are_fine(example_copy: Path) -> None:
    """docxtpl reassembles these itself: no finding, and the document renders the value."""
    path = word_template(
        override(example_copy, "projectplan/projectplan.docx"),
        para("Naam: {{ arrangement.na", PROOF, "am }}"),
        para("{", BOOKMARK, "{ aanvrager.naam }", PROOF, "}"),
    )
    _, output = check(example_copy)
    assert f"{path}: alinea" not in output, output  # only coverage findings: this is no full template
    loaded = load_dossier(example_copy)
    rendered = example_copy / "out.docx"
    rendered.write_bytes(render_docx(loaded, "projectplan"))
    text = docx_text(rendered)
    assert f"Naam: {loaded.dossier.arrangement.naam}" in text
    assert loaded.dossier.aanvrager.naam in text


def test_paragraph_tag_next_to_text_would_delete_it(example_copy: Path) -> None:
    path = word_template(
        override(example_copy, "projectplan/projectplan.docx"),
        para("Opmerkingen: {%p if arrangement.opmerkingen %}"),
        para("{{p arrangement.opmerkingen | markdown }}"),
        para("{%p endif %}"),
    )
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}: alinea ‘Opmerkingen: {{%p if arrangement.opmerkingen %}}’: ‘{{%p if "
        "arrangement.opmerkingen %}’ vervangt de hele alinea, dus de tekst ‘Opmerkingen:’"
    ) in output


def test_markdown_needs_a_paragraph_tag_in_word(example_copy: Path) -> None:
    path = word_template(
        override(example_copy, "projectplan/projectplan.docx"),
        para("{{ arrangement.aanbod | markdown }}"),
    )
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}: alinea ‘{{{{ arrangement.aanbod | markdown }}}}’: ‘{{{{ arrangement.aanbod | markdown }}}}’: "
        "het filter markdown maakt hele alinea's; schrijf ‘{{p arrangement.aanbod | markdown }}’"
    ) in output


def test_paragraph_tag_is_only_for_markdown(example_copy: Path) -> None:
    path = word_template(override(example_copy, "projectplan/projectplan.docx"), para("{{p arrangement.naam }}"))
    code, output = check(example_copy)
    assert code == 1
    tag = "{{p arrangement.naam }}"
    assert f"{path}: alinea ‘{tag}’: ‘{tag}’: ‘{{{{p …}}}}’ vervangt de hele alinea" in output


def test_word_template_that_is_no_word_file(example_copy: Path) -> None:
    path = override(example_copy, "projectplan/projectplan.docx")
    path.write_text("dit is geen Word-bestand", encoding="utf-8")
    code, output = check(example_copy)
    assert code == 1
    assert f"{path}: is geen geldig Word-bestand (.docx): het is geen zip-archief" in output


# ------------------------------------------------------------------ sandbox

ESCAPE = "{{ ''.__class__.__mro__ }}"


def test_python_internals_are_a_located_lint_error_in_html(example_copy: Path) -> None:
    source = CHECKLIST.replace(BODY, BODY + "\n" + ESCAPE)
    path = checklist_override(example_copy, source)
    code, output = check(example_copy)
    assert code == 1
    assert (
        f"{path}:{line_in(source, '__mro__')}: verboden in sjabloon: ‘''.__class__’ — sjablonen mogen "
        "geen Python-internals gebruiken"
    ) in output


def test_python_internals_are_refused_when_rendering_html(example_copy: Path) -> None:
    """The PDF and the preview (a document's HTML) and the checklist refuse them too."""
    word_override(example_copy, "aanvraaggegevens", add=["Versie: " + ESCAPE])
    loaded = load_dossier(example_copy)
    with pytest.raises(TemplateProblem) as caught:
        render_html(loaded, "aanvraaggegevens")
    assert isinstance(caught.value.__cause__, SecurityError)
    assert "aanvraaggegevens.docx: niet toegestaan in een template: ‘__class__’" in str(caught.value)

    source = CHECKLIST.replace(BODY, BODY + "\n" + ESCAPE)
    checklist_override(example_copy, source)
    with pytest.raises(TemplateProblem) as caught:
        render_checklist_html(loaded, [])
    assert isinstance(caught.value.__cause__, SecurityError)
    refused = f"checklist.html:{line_in(source, '__mro__')}: niet toegestaan in een template: ‘__class__’"
    assert refused in str(caught.value)


def test_python_internals_in_word(example_copy: Path) -> None:
    path = word_template(override(example_copy, "projectplan/projectplan.docx"), para("Versie: " + ESCAPE))
    code, output = check(example_copy)
    assert code == 1
    assert f"{path}: alinea ‘Versie: {ESCAPE}’: verboden in sjabloon: ‘''.__class__’" in output
    with pytest.raises(TemplateProblem, match="niet toegestaan in een template: ‘__class__’"):
        render_docx(load_dossier(example_copy), "projectplan")


@pytest.mark.parametrize(("paragraph", "header"), [
    ("Een lange alinea, zo lang dat alleen een stuk ervan getoond wordt, met daarin ook nog "
     "{{ arrangement.doelgroep.aantl }} en daarna nog een hele zin tekst.", False),
    ("{% for s in scholen %}School {{ s.nam }}{% endfor %}", False),
    ("Kop: {{ arrangement.nam }}", True),
    ("{{ arrangement.naam }", False),  # Word broke the tag: docxtpl glues it to the next paragraph
    ("{% if arrangement.naam %}Naam", False),
])
def test_the_build_names_the_paragraph_the_lint_names(example_copy: Path, paragraph: str, header: bool) -> None:
    """The build finds the failing paragraph itself (the renderer does not ask the lint), with
    the same reading of the Word template: both name the same place."""
    path = word_override(example_copy, "projectplan", add=[] if header else [paragraph, "{{ versie }}"])
    if header:
        document = Document(str(path))
        document.sections[0].header.add_paragraph(paragraph)
        document.save(str(path))
    code, output = check(example_copy)
    assert code == 1
    lint = next(line for line in output.splitlines() if line.startswith(str(path)))
    place = lint.split(": alinea ‘", 1)[1].split("’: ", 1)[0]
    with pytest.raises(TemplateProblem) as caught:
        render_docx(load_dossier(example_copy), "projectplan")
    assert str(caught.value).endswith(f" ({'koptekst, ' if header else ''}alinea ‘{place}’)")


def test_the_renderer_does_not_import_the_lint() -> None:
    """render is below lint: the lint reads templates the way the renderer does, never the other
    way round (an import, also one inside a function, would close a circle)."""
    for module in (ROOT / "pipeline" / "render").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [n for n in names if n.startswith("pipeline.lint")], f"{module.name}:{node.lineno}"


# ------------------------------------------------------------------ overrides


def test_override_is_used_for_that_dossier_only(example_copy: Path, tmp_path: Path) -> None:
    word_override(example_copy, "aanvraaggegevens", add=["(eigen sjabloon)"])
    other = tmp_path / "inputs" / "ander"
    other.mkdir(parents=True)
    (other / "dossier.yaml").write_text((EXAMPLE / "dossier.yaml").read_text(encoding="utf-8"), encoding="utf-8")

    assert "(eigen sjabloon)" in render_html(load_dossier(example_copy), "aanvraaggegevens")  # PDF, preview
    own, shipped = example_copy / "own.docx", example_copy / "shipped.docx"
    own.write_bytes(render_docx(load_dossier(example_copy), "aanvraaggegevens"))
    shipped.write_bytes(render_docx(load_dossier(other), "aanvraaggegevens"))
    assert "(eigen sjabloon)" in docx_text(own)
    assert "(eigen sjabloon)" not in docx_text(shipped)
    assert "(eigen sjabloon)" not in render_html(load_dossier(other), "aanvraaggegevens")
    # the override is a complete, clean template: the lint accepts it
    code, output = check(example_copy, other)
    assert code == 0, output
    assert "eigen sjablonen van 1 dossier" in output


def test_override_of_the_shared_stylesheet_counts_for_every_document(example_copy: Path) -> None:
    """A dossier's own stijl.css that drops a style the Word templates use: every document
    that uses it is reported (its PDF would show that text unstyled)."""
    shipped = (TEMPLATES / "stijl.css").read_text(encoding="utf-8")
    assert ".veldnaam" in shipped
    path = override(example_copy, "stijl.css")
    path.write_text(shipped.replace(".veldnaam", ".veldnaam-oud"), encoding="utf-8")
    code, output = check(example_copy)
    assert code == 1
    lines = [line for line in output.splitlines() if "alineastijl ‘Veldnaam’ heeft geen opmaak in stijl.css" in line]
    for doc in DOCUMENTEN:
        assert any(f"templates/{doc.id}/{doc.id}.docx: alinea ‘" in line for line in lines), doc.id
    assert "geef de klasse .veldnaam daar een opmaak" in output
    assert check()[0] == 0  # the shipped stylesheet is untouched


def test_missing_dossier_folder_is_a_clear_error(tmp_path: Path) -> None:
    from pipeline.exceptions import DossierNotFound

    with pytest.raises(DossierNotFound, match="deze map bestaat niet"):
        check(tmp_path / "bestaat-niet")


# ------------------------------------------------------------------ docs/templates.md


def test_committed_template_guide_is_current() -> None:
    committed = (ROOT / TEMPLATEDOC_PATH).read_text(encoding="utf-8")
    assert committed == templatedoc_markdown(), "docs/templates.md is verouderd: draai dossier docs"


def test_template_guide_lists_every_variable_and_filter() -> None:
    from pipeline.render.context import FILTERS

    guide = templatedoc_markdown()
    for path in vocabulary("html"):
        assert f"| `{path}` |" in guide, path
    for name in [*FILTERS, "markdown"]:
        assert f"| `{name}` |" in guide, name
