"""docs/templates.md: how a consultant edits a template, with the variable list generated.

The prose is fixed; the document table, the variables (every model field plus the render
extras, with description) and the filters are generated from the same sources the
renderers and the lint use, so the page cannot drift. A test compares the committed file
with a fresh generation; ``write_templatedoc`` rewrites it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.documents import DOCUMENTEN
from pipeline.lint.check import Finding, unknown_message
from pipeline.lint.jinja_vars import Unknown
from pipeline.lint.page_code import FIELD as PAGE_CODE_FIELD
from pipeline.lint.styles import docx_style_parts
from pipeline.lint.vocabulary import EXTRAS, Variable, model_variables
from pipeline.output import write_atomic
from pipeline.render.context import FILTERS
from pipeline.render.docx_html import ELEMENT_STYLES, PLAIN_STYLES, W, style_class
from pipeline.templates import TEMPLATES

TEMPLATEDOC_PATH = Path("docs/templates.md")

# How each filter is written and what it gives; a filter missing here falls back to its docstring.
FILTER_EXAMPLES: dict[str, tuple[str, str]] = {
    "datum": ("{{ arrangement.startdatum | datum }}", "`1 augustus 2027`"),
    "ja_nee": ("{{ achterhoek.past_in_visie | ja_nee }}", "`ja` of `nee`"),
    "getal": ("{{ medewerker.fte | getal }}", "`0,8` (decimale komma)"),
    "opsomming": (
        "{{ scholen | map(attribute='naam') | list | opsomming }}", "`De Brug, Het Ludger en De Linde`"
    ),
    "capitalize_first": (
        "{{ aanvrager.soort | capitalize_first }}",
        "`Schoolbestuur`: alleen de eerste letter wordt een hoofdletter (Jinja's `capitalize` maakt de rest klein)",
    ),
}

INTRO = """\
# Sjablonen bewerken

<!-- Gegenereerd met pipeline/templatedoc.py (write_templatedoc); de lijsten met documenten,
stijlen, variabelen en filters komen uit de sjablonen en het antwoordmodel. Niet met de hand
bewerken. -->

**Verander het Word-bestand; de PDF en het voorbeeld volgen.** Elk document van het dossier
heeft één bron: zijn Word-sjabloon (DOCX, ingevuld met docxtpl). Het programma vult het
sjabloon in tot het Word-document, en maakt van dát document de PDF en het voorbeeld in de
browser. Een zin die u in het Word-sjabloon verandert, staat dus in de DOCX, de PDF en het
voorbeeld tegelijk. Hoe een stijl er in de PDF uitziet, staat in één opmaakbestand:
`templates/stijl.css`, per Word-stijl (zie *Stijlen* hieronder).

## Waar de sjablonen staan

| Document | Word-sjabloon |
| --- | --- |
"""

OVERRIDES = """
Gedeeld door alle PDF's: `templates/stijl.css` (de opmaak per Word-stijl). De controlelijst
heeft geen Word-versie; die komt uit het HTML-sjabloon `templates/checklist/checklist.html`.

## Stijlen

Gebruik in Word de stijlen van het sjabloon (Start → Stijlen), niet losse opmaak. De PDF
kent elke stijl hieronder; elke andere stijl krijgt in `stijl.css` een klasse met de
stijl-id in kleine letters (stijl *Bijschrift* → `.bijschrift`), en `dossier templates
check` meldt een stijl die daar nog geen opmaak heeft. Vet, cursief, onderstreept,
doorgehaald, superscript en subscript, uitlijning, celarcering, ‘niet splitsen’ en
pagina-einden neemt de PDF over; kleur, lettertype en tekengrootte die u direct op tekst
zet niet (de controle meldt ze: maak er een stijl van). Paginaformaat, marges, koptekst en
voettekst (met *versie … · pagina X van Y*) komen uit de sectie van het Word-sjabloon.

Een document dat wordt ondertekend (het formulier aanvraaggegevens en de
samenwerkingsovereenkomst) heeft in elke voettekst ook een QR-code die zegt welk document, welke
versie en welke pagina het is, zodat een gescand getekend exemplaar terug te vinden is. Word tekent
die code zelf op elke pagina uit het veld
`{page_code_field}`
(elk paar veldaccolades met Ctrl+F9; `\\h 907` is 16 mm hoog); de PDF tekent op die plek de code van
elke pagina. Laat dat veld staan als u de voettekst aanpast.

| Word-stijl | Soort | In de PDF |
| --- | --- | --- |
{styles}

## Eigen sjablonen per dossier of per organisatie

Bewerk de meegeleverde sjablonen in `templates/` niet voor één dossier. Zet in plaats daarvan
een eigen versie in de map `templates/` **van het dossier**, met dezelfde indeling. Een eigen
document is één Word-bestand:

```
inputs/<naam>/templates/projectplan/projectplan.docx   ← alleen voor dit dossier
inputs/<naam>/templates/stijl.css                      ← andere opmaak van de PDF's, alleen voor dit dossier
```

Bij het maken van een document zoekt het programma eerst in `inputs/<naam>/templates/` en
daarna in `templates/`; het eerste bestand dat bestaat wint. Alle andere dossiers blijven de
meegeleverde sjablonen gebruiken. Een organisatie met meerdere dossiers houdt één map met
haar eigen sjablonen bij en zet die (als kopie of als snelkoppeling/symlink) als `templates/`
in elk dossier van die organisatie. Begin altijd met een kopie van het meegeleverde sjabloon:
dan staan alle velden en stijlen er al in.

## Variabelen

Een variabele schrijft u tussen dubbele accolades: `{{ arrangement.naam }}`. Groepen en
velden scheidt u met een punt. `[]` in de lijst hieronder is één item van een lijst; die
loopt u langs met een lus, en binnen de lus heet het item zoals u het noemt:

```
{% for school in scholen %}{{ school.naam }} ({{ school.brin }}){% endfor %}
```

Een variabele die niet bestaat (een tikfout) is een fout, nooit een lege plek: het document
wordt dan niet gemaakt en de melding noemt het sjabloon en de plek. Velden die mogen
ontbreken (Verplicht: nee) zet u in een voorwaarde: `{% if regisseur.email %}…{% endif %}`.
De kolom *Documenten* zegt in welke documenten een veld moet staan; `dossier templates check`
controleert dat het Word- én het HTML-sjabloon van elk van die documenten het veld gebruikt.

"""

FILTERS_INTRO = """
## Filters

Een filter zet een waarde om en schrijft u na een `|`:

| Filter | Voorbeeld | Geeft |
| --- | --- | --- |
"""

RULES = """
Daarnaast werken de gewone Jinja-filters, zoals `length`, `upper`, `join(', ')`, `first`,
`map(attribute='naam')` en `selectattr('soort', 'equalto', 'gemeente')`.

## Word-sjablonen: drie regels

1. **Lange tekst (Markdown) in een eigen alinea met `{{p … }}`.** Velden van soort *markdown*
   kunnen alinea's en opsommingen bevatten. In Word worden dat echte alinea's en lijsten, en
   daarom vervangt `{{p arrangement.aanbod | markdown }}` de héle alinea waarin het staat.
   Zet het dus alleen in een eigen alinea; zonder `p` (of met `p` maar zonder `| markdown`)
   meldt de controle een fout.
2. **Een tabelrij per item met `{%tr … %}`.** Maak een tabel met drie rijen: de eerste rij
   bevat alleen `{%tr for school in scholen %}`, de tweede de cellen met `{{ school.naam }}`
   enz., de derde alleen `{%tr endfor %}`. Die eerste en derde rij verdwijnen; de middelste
   komt er per school één keer. Net zo werkt `{%p if … %}` / `{%p endif %}` voor hele
   alinea's. Zulke tags vervangen hun hele rij of alinea: andere tekst in dezelfde rij of
   alinea verdwijnt (de controle waarschuwt daarvoor).
3. **Typ een tag in één keer, in één alinea.** Word knipt tekst soms onzichtbaar in stukjes
   (spellingcontrole, opmaak, bladwijzers); dat lost het programma zelf op. Maar een tag die
   over twee alinea's of tabelcellen loopt, of een accolade die als *symbool* is ingevoegd,
   kan het niet lezen. Krullende aanhalingstekens (‘…’) in een tag zijn geen probleem.

## De controlelijst (HTML-sjabloon)

`templates/checklist/checklist.html` gebruikt dezelfde variabelen en filters, in HTML.
Markdown-velden schrijft u daar als `{{ arrangement.aanbod | markdown }}`. Tekst wordt
automatisch veilig gemaakt (HTML in een antwoord wordt gewone tekst).

## Controleren

```
dossier templates check                    # meegeleverde sjablonen + eigen sjablonen van alle dossiers
dossier templates check inputs/<naam>      # meegeleverde sjablonen + die van dit dossier
```

De controle meldt, met de plek erbij (Word: de tekst van de alinea; HTML: bestand en regel):

- fouten in de Jinja-taal (een `{% for %}` zonder `{% endfor %}`, een onbekend filter);
- variabelen die niet in het antwoordmodel staan, met een suggestie (`bedoelde u ‘…’?`);
- velden die volgens de kolom *Documenten* in een document horen maar in zijn Word-sjabloon
  ontbreken;
- Word-stijlen waarvoor `stijl.css` geen opmaak heeft, en kleur, lettertype of tekengrootte
  die direct op tekst staat (de PDF neemt die niet over);
- Word-tags die niet te lezen zijn of tekst laten verdwijnen (zie de regels hierboven);
- een voettekst van een document dat wordt ondertekend zonder de QR-code van de pagina, of met een
  code die het document, de versie, de pagina of het aantal pagina's niet noemt;
- pogingen om buiten de antwoorden te komen, zoals `{{ ''.__class__ }}`.

Exitcode 0 betekent: geen problemen; 1: er is iets te verbeteren. Bijvoorbeeld:

```
{examples}
```

## Het resultaat bekijken terwijl u werkt

```
dossier watch --serve inputs/<naam>
```

maakt de documenten opnieuw zodra u een sjabloon (ook een eigen sjabloon in het dossier) of
de dossier.yaml opslaat, en toont het document zoals de PDF het laat zien als webpagina op het adres dat het programma
noemt (standaard http://127.0.0.1:8000); die pagina ververst zichzelf. De Word-bestanden
staan in `build/<naam>/`. Gaat het maken mis, dan staat de foutmelding met de plek in het
sjabloon boven de laatste goede versie. Draai daarna `dossier templates check` voor de
controles die pas opvallen in documenten die u niet bekijkt.

## Veilig

Sjablonen draaien in een afgeschermde omgeving (Jinja-sandbox): ze kunnen de antwoorden lezen
en opmaken, maar niet bij bestanden, de computer of de binnenkant van het programma. Een
sjabloon uit een dossiermap is daardoor net zo veilig als een meegeleverd sjabloon.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _kind(variable: Variable) -> str:
    if variable.keuzes:
        label = "lijst van keuzes" if variable.is_list else "keuze"
        return f"{label}: " + ", ".join(f"`{k}`" for k in variable.keuzes)
    if variable.kind in ("groep", "lijst") and not variable.leaf:
        return "lijst van groepen" if variable.is_list else "groep"
    return variable.kind


def _variable_rows(variables: tuple[Variable, ...], *, extras: bool) -> list[str]:
    rows = []
    for v in variables:
        where = ", ".join(v.documenten) if v.documenten else ("alle" if extras else "–")
        if v.alleen:
            where = f"alleen {v.alleen.upper()}"
        rows.append(f"| `{v.path}` | {_kind(v)} | {_cell(v.beschrijving)} | {where} |")
    return rows


def templatedoc_markdown() -> str:
    lines = [INTRO.rstrip("\n")]
    for doc in DOCUMENTEN:
        extra = f" (alleen {doc.route})" if doc.route else ""
        lines.append(f"| {doc.titel}{extra} | `templates/{doc.id}/{doc.id}.docx` |")
    lines.append(OVERRIDES.rstrip("\n").replace("{styles}", "\n".join(_style_rows()))
                 .replace("{page_code_field}", PAGE_CODE_FIELD))
    lines += [
        "",
        "### Uit dossier.yaml",
        "",
        "| Variabele | Soort | Omschrijving | Documenten |",
        "| --- | --- | --- | --- |",
        *_variable_rows(model_variables(), extras=False),
        "",
        "### Door het programma toegevoegd",
        "",
        "| Variabele | Soort | Omschrijving | Beschikbaar in |",
        "| --- | --- | --- | --- |",
        *_variable_rows(EXTRAS, extras=True),
    ]
    lines.append(FILTERS_INTRO.rstrip("\n"))
    for name, function in FILTERS.items():
        fallback = (f"{{{{ … | {name} }}}}", (function.__doc__ or "").split("\n")[0])
        example, result = FILTER_EXAMPLES.get(name, fallback)
        lines.append(f"| `{name}` | `{_cell(example)}` | {_cell(result)} |")
    word, html = "{{p arrangement.aanbod | markdown }}", "{{ arrangement.aanbod | markdown }}"
    lines.append(
        f"| `markdown` | Word: `{_cell(word)}`; controlelijst: `{_cell(html)}` "
        "| alinea's, opsommingen, **vet** en *cursief* als echte opmaak |"
    )
    lines.append(RULES.rstrip("\n").replace("{examples}", _examples()))
    return "\n".join(lines) + "\n"


_KIND_NAMES = {"paragraph": "alinea", "table": "tabel", "character": "teken"}


def _style_rows() -> list[str]:
    """Every style the shipped Word templates use, with what the PDF makes of it."""
    seen: dict[str, tuple[str, str]] = {}  # style id → (name, kind)
    for doc in DOCUMENTEN:
        parts, names, kinds = docx_style_parts(TEMPLATES / doc.id / f"{doc.id}.docx")
        for _label, root in parts:
            for el in root.iter(f"{W}pStyle", f"{W}tblStyle", f"{W}rStyle"):
                sid = el.get(f"{W}val") or ""
                seen.setdefault(sid, (names.get(sid, sid), kinds.get(sid, "paragraph")))
    rows = []
    for sid, (name, kind) in sorted(seen.items(), key=lambda item: item[1][0].lower()):
        if sid in ELEMENT_STYLES:
            shown = f"`<{ELEMENT_STYLES[sid]}>`"
        elif sid in PLAIN_STYLES:
            shown = "gewone alinea" if kind == "paragraph" else "gewone tabel"
        else:
            shown = f"`.{style_class(sid)}`"
        rows.append(f"| {_cell(name)} | {_KIND_NAMES.get(kind, kind)} | {shown} |")
    return rows


def _examples() -> str:
    """Two findings as the lint really words them (built with its own message function)."""
    style = Finding(
        Path("templates/projectplan/projectplan.docx"),
        "alineastijl ‘Citaat groot’ heeft geen opmaak in stijl.css; geef de klasse .citaatgroot daar een "
        "opmaak, of gebruik een stijl die er al is (de PDF toont deze tekst anders dan Word)",
        paragraph="Het initiatief laat zien hoe een plattelandsregio onderwijs en zorg combineert",
    )
    word = Finding(
        Path("templates/projectplan/projectplan.docx"),
        unknown_message(Unknown("s.nam", "scholen[].nam", 1, "s.naam")),
        paragraph="Scholen: {% for s in scholen %}{{ s.nam }}{% endfor %}",
    )
    return f"{word}\n{style}"


def write_templatedoc(path: Path = TEMPLATEDOC_PATH) -> Path:
    write_atomic(path, templatedoc_markdown().encode("utf-8"))
    return path
