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
from pipeline.lint.vocabulary import EXTRAS, Variable, model_variables
from pipeline.output import write_atomic
from pipeline.render.context import FILTERS

TEMPLATEDOC_PATH = Path("docs/templates.md")

# How each filter is written and what it gives; a filter missing here falls back to its docstring.
FILTER_EXAMPLES: dict[str, tuple[str, str]] = {
    "datum": ("{{ arrangement.startdatum | datum }}", "`1 augustus 2027`"),
    "ja_nee": ("{{ achterhoek.past_in_visie | ja_nee }}", "`ja` of `nee`"),
    "getal": ("{{ medewerker.fte | getal }}", "`0,8` (decimale komma)"),
    "opsomming": (
        "{{ scholen | map(attribute='naam') | list | opsomming }}", "`De Brug, Het Ludger en De Linde`"
    ),
}

INTRO = """\
# Sjablonen bewerken

<!-- Gegenereerd met pipeline/templatedoc.py (write_templatedoc); de lijsten met documenten,
variabelen en filters komen uit het antwoordmodel. Niet met de hand bewerken. -->

Elk document van het dossier bestaat twee keer: als **Word-bestand** (DOCX, gemaakt met
docxtpl) en als **PDF** (gemaakt uit een HTML-sjabloon met WeasyPrint). Beide sjablonen
gebruiken dezelfde Jinja-taal, dezelfde variabelen en dezelfde filters. Wie een tekst in een
document wil veranderen, past dus allebei de sjablonen van dat document aan.

## Waar de sjablonen staan

| Document | Word | PDF |
| --- | --- | --- |
"""

OVERRIDES = """
Gedeeld door alle PDF's: `templates/base.html` (titelblok, kop- en voettekst; elk
HTML-sjabloon begint met `{% extends "base.html" %}` en vult de blokken `afzender` en
`inhoud`) en `templates/stijl.css` (opmaak).

## Eigen sjablonen per dossier of per organisatie

Bewerk de meegeleverde sjablonen in `templates/` niet voor één dossier. Zet in plaats daarvan
een eigen versie in de map `templates/` **van het dossier**, met dezelfde indeling:

```
inputs/<naam>/templates/projectplan/projectplan.docx   ← alleen voor dit dossier
inputs/<naam>/templates/base.html                      ← ander titelblok, alleen voor dit dossier
```

Bij het maken van een document zoekt het programma eerst in `inputs/<naam>/templates/` en
daarna in `templates/`; het eerste bestand dat bestaat wint. Alle andere dossiers blijven de
meegeleverde sjablonen gebruiken. Een organisatie met meerdere dossiers houdt één map met
haar eigen sjablonen bij en zet die (als kopie of als snelkoppeling/symlink) als `templates/`
in elk dossier van die organisatie. Begin altijd met een kopie van het meegeleverde sjabloon:
dan staan alle velden er al in.

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

## HTML-sjablonen (PDF)

Een HTML-sjabloon begint met `{% extends "base.html" %}` en zet de inhoud in
`{% block inhoud %} … {% endblock %}`. Markdown-velden schrijft u als
`{{ arrangement.aanbod | markdown }}`. De variabele `preview` is waar in de voorbeeldweergave
in de browser en onwaar in de PDF. Tekst wordt automatisch veilig gemaakt (HTML in een
antwoord wordt gewone tekst).

## Controleren

```
dossier templates check                    # meegeleverde sjablonen + eigen sjablonen van alle dossiers
dossier templates check inputs/<naam>      # meegeleverde sjablonen + die van dit dossier
```

De controle meldt, met de plek erbij (HTML: bestand en regel; Word: de tekst van de alinea):

- fouten in de Jinja-taal (een `{% for %}` zonder `{% endfor %}`, een onbekend filter);
- variabelen die niet in het antwoordmodel staan, met een suggestie (`bedoelde u ‘…’?`);
- velden die volgens de kolom *Documenten* in een document horen maar in het Word- of het
  HTML-sjabloon van dat document ontbreken (de melding zegt welk van de twee);
- Word-tags die niet te lezen zijn of tekst laten verdwijnen (zie de regels hierboven);
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
de dossier.yaml opslaat, en toont de PDF-versie als webpagina op het adres dat het programma
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
        extra = " (alleen collectief)" if doc.alleen_collectief else ""
        lines.append(
            f"| {doc.titel}{extra} | `templates/{doc.id}/{doc.id}.docx` | `templates/{doc.id}/{doc.id}.html` |"
        )
    lines.append(OVERRIDES.rstrip("\n"))
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
        f"| `markdown` | Word: `{_cell(word)}`; HTML: `{_cell(html)}` "
        "| alinea's, opsommingen, **vet** en *cursief* als echte opmaak |"
    )
    lines.append(RULES.rstrip("\n").replace("{examples}", _examples()))
    return "\n".join(lines) + "\n"


def _examples() -> str:
    """Two findings as the lint really words them (built with its own message function)."""
    html = Finding(
        Path("templates/projectplan/projectplan.html"),
        unknown_message(Unknown(
            "arrangement.doelgroep.aantal_leerlingn", "arrangement.doelgroep.aantal_leerlingn", 41,
            "arrangement.doelgroep.aantal_leerlingen",
        )),
        line=41,
    )
    word = Finding(
        Path("templates/projectplan/projectplan.docx"),
        unknown_message(Unknown("s.nam", "scholen[].nam", 1, "s.naam")),
        paragraph="Scholen: {% for s in scholen %}{{ s.nam }}{% endfor %}",
    )
    return f"{html}\n{word}"


def write_templatedoc(path: Path = TEMPLATEDOC_PATH) -> Path:
    write_atomic(path, templatedoc_markdown().encode("utf-8"))
    return path
