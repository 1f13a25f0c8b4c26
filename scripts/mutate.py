"""``make mutate``: mutation testing of the modules whose mistakes an applicant would suffer silently.

A planted bug that every test lets through (a ``>=`` that became ``>``, a kept bundle overwritten on
the second build) is a test that is missing. mutmut (3.x, pinned in requirements.lock) plants such
bugs one at a time — each a *mutant* — and runs the tests that reach the changed function; a mutant
no test fails on *survives*. This script runs it per group of modules, each with the fast tests that
cover that group, so the whole run fits in about 20 minutes on two cores:

- mutmut 3 (not 2): it forks one process per mutant from a pytest that has imported everything once,
  and runs only the tests that reached the mutated function, fastest first; 2.x started a fresh
  test run per mutant, minutes for what takes seconds here. Its configuration is pyproject's
  ``[tool.mutmut]``, which this script writes per group;
- each group has its own work folder, ``build/mutate/<groep>/`` (links to the repository, its own
  ``[tool.mutmut]``), so groups run side by side (``--jobs``) and mutmut keeps what it found there:
  a second run tests only the functions that changed since, and the survivors again (a new test is
  what kills them); ``make clean`` forgets it all. A run stops at ``--minuten`` (20); the next one
  goes on where it stopped;
- a literal with a space in it is wording (a message, a sentence of a document); mutating it says
  nothing about whether the logic is tested, and the message tests read the wording. Only literals
  without spaces are mutated: keys, field names, kinds ("start", "individueel") that code compares;
- ``tests/mutants-equivalent.txt`` lists the surviving mutants that are reviewed as equivalent (no
  test can tell them apart from the code: same behaviour), one a line with its reason; they do not
  count against the score. An entry that no longer survives is said, so the file stays true.

The report: per module the share of non-equivalent mutants killed, and each survivor with its
change, to be killed by a test (``build/mutate/<groep>`` holds mutmut's own state:
``cd build/mutate/<groep> && ../../../.venv/bin/mutmut show <naam>``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutate"
EQUIVALENT = ROOT / "tests" / "mutants-equivalent.txt"
# What the tests read besides the code and themselves: linked into each group's folder, copied by mutmut.
ALSO = ("templates", "inputs", "schema", "docs", "README.md", "SECURITY.md", "Makefile", "requirements.lock")


@dataclass(frozen=True, slots=True)
class Group:
    """Modules mutated together, and the tests that cover them (fast ones: each mutant runs them)."""

    name: str
    modules: tuple[str, ...]
    tests: tuple[str, ...]
    extra: tuple[str, ...] = field(default=())  # more pytest arguments for the selection (-k …)
    # only these functions count (a module that is more than its fence: the preview server's pages);
    # empty: the whole module
    functions: tuple[str, ...] = field(default=())

    def counts(self, mutant: str) -> bool:
        """Is ``mutant`` (``pkg.mod.x_name__mutmut_3``, ``pkg.mod.xǁClassǁname__mutmut_3``) in scope?"""
        if not self.functions:
            return True
        function = mutant.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]
        return function.removeprefix("x_").rsplit("ǁ", 1)[-1] in self.functions


# The rules with their fast tests: the edges (test_boundaries) and test_check's variants run against the
# rules of the answers in one folder (test_rules_fast). test_check itself copies the example and runs
# every rule per variant: a surviving mutant of a rule reaches all of its 230 tests, a minute and more
# each; here ten seconds. So the score is a lower bound: test_check and the others kill more.
RULE_TESTS = ("tests/test_boundaries.py", "tests/test_rules_fast.py")
# test_check's own tests of the privacy check's pieces (numbers, positions, waivers): a few seconds
PRIVACY_TESTS = tuple(f"tests/test_check.py::{name}" for name in (
    "test_elfproef", "test_bsn_detection", "test_phone_detection",
    "test_privacy_finding_points_at_the_line_of_the_number",
    "test_privacy_finding_inside_a_block_scalar_points_at_its_line",
    "test_waiver_suppresses_email_and_phone_in_that_field_only", "test_waiver_never_suppresses_a_bsn",
    "test_staff_contact_fields_are_not_free_text", "test_waiver_path_with_list_marker_covers_every_item",
    "test_example_has_no_privacy_findings_and_no_symlinks"))
# Two groups run at a time: the largest takes one slot; the other runs the rest in this order, the ones
# a run has mostly cached (small, quick to confirm) first, so a run stopped at its time limit still
# reports whole modules.
GROUPS: tuple[Group, ...] = (
    Group("duo", ("pipeline/check/rules_duo.py", "pipeline/check/text.py"), RULE_TESTS),
    Group("ingediend", ("pipeline/bundle/archive.py",), ("tests/test_repeated_builds.py",), ("-k", "not three_builds")),
    Group("preview", ("pipeline/watch/server.py",), ("tests/test_fence_families.py",),
          functions=("allowed_host", "served_asset", "_regular", "_served_roots", "_filename_parameters", "do_GET",
                     "_asset", "_output", "_dossier", "_file")),
    Group("cache", ("pipeline/cache.py", "pipeline/read/freshness.py"), ("tests/test_cache_keys.py",
                                                                      "tests/test_same_moment.py")),
    Group("bundel", ("pipeline/bundle/zips.py",), ("tests/test_bundle_units.py",)),
    Group("datums", ("pipeline/check/rules_dates.py",), RULE_TESTS),
    Group("privacy", ("pipeline/check/privacy.py", "pipeline/check/herleidbaar.py"),
          (*RULE_TESTS, "tests/test_identifiable.py", "tests/test_herleidbaar_edges.py", *PRIVACY_TESTS)),
    Group("achterhoek", ("pipeline/check/rules_achterhoek.py",), RULE_TESTS),
    Group("route", ("pipeline/route/route.py", "pipeline/route/progress.py", "pipeline/route/ics.py"),
          ("tests/test_time_passing.py", "tests/test_calendar_properties.py", "tests/test_calendar.py",
           "tests/test_route.py", "tests/test_route_edges.py", "tests/test_progress_edges.py"),
          ("-k", "not build and not status_on and not counts_down and not recording_progress and not sent_zip_is_kept "
                 "and not calendar_is_owned and not without_an_earlier_zip and not every_date_that_validates "
                 "and not megabyte and not outlive_a_clean and not after_start_evaluations")),
)
BY_NAME = {g.name: g for g in GROUPS}

KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def _config(group: Group) -> str:
    """The group's ``[tool.mutmut]``, appended to a copy of the repository's pyproject.toml."""
    def toml_list(items: Iterable[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["pipeline"]\n'
        f"only_mutate = {toml_list(group.modules)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list([*group.tests, *group.extra])}\n"
        f'pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-W", "ignore"]\n'
        f"also_copy = {toml_list(a for a in ALSO if (ROOT / a).exists())}\n"
        "timeout_multiplier = 5.0\n"
        "timeout_constant = 5.0\n"
        "use_git_change_detection = false\n"
    )


def prepare(group: Group) -> Path:
    """The group's work folder: links to the code, the tests and their data; its own configuration."""
    folder = WORK / group.name
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pipeline", "tests", *ALSO):
        link = folder / name
        if (ROOT / name).exists() and not link.is_symlink():
            link.symlink_to(ROOT / name)
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8") + _config(group)
    target = folder / "pyproject.toml"
    if not target.exists() or target.read_text(encoding="utf-8") != config:
        target.write_text(config, encoding="utf-8")
    # mutmut copies tests/ and the data once per run (they may have changed); the code it copies only
    # when missing and then compares dates, so an edited module is mutated again and nothing else.
    _retest_survivors(folder, group)
    return folder


def _retest_survivors(folder: Path, group: Group) -> None:
    """Forget the verdicts 'survived' and 'no test': mutmut keeps every verdict until the function changes,
    but a survivor is killed by a new test, which is what a next run is for. Killed ones stay killed."""
    for module in group.modules:
        meta = folder / "mutants" / (module + ".meta")
        if not meta.exists():
            continue
        data = json.loads(meta.read_text(encoding="utf-8"))
        codes = data["exit_code_by_key"]
        again = {name for name, code in codes.items() if code in (0, 5, 33) and group.counts(name)}
        if again:
            data["exit_code_by_key"] = {name: None if name in again else code for name, code in codes.items()}
            meta.write_text(json.dumps(data, indent=4), encoding="utf-8")


def run_group(group: Group, children: int, deadline: float) -> tuple[Group, str, float, Path]:
    """mutmut over one group, its output in ``mutmut.log``; stopped when ``deadline`` (time.monotonic) comes
    first: what was found is kept, the next run goes on from there."""
    folder = prepare(group)
    started = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, str(Path(__file__).resolve()), "--mutmut", "run", "--max-children", str(children)]
    log = folder / "mutmut.log"
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
            outcome = "klaar" if code == 0 else f"MISLUKT (code {code}, zie {log.relative_to(ROOT)})"
        except subprocess.TimeoutExpired:
            # mutmut saves each verdict as it comes: stopping loses only the mutants under test
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            outcome = "gestopt op de tijdslimiet (de volgende run gaat verder)"
    return group, outcome, time.monotonic() - started, log


# ---------------------------------------------------------------------- results


def equivalents() -> dict[str, str]:
    """Reviewed equivalent mutants: name → why no test can tell it from the code."""
    out: dict[str, str] = {}
    if not EQUIVALENT.exists():
        return out
    for number, line in enumerate(EQUIVALENT.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            raise SystemExit(f"{EQUIVALENT.relative_to(ROOT)}:{number}: ‘{name}’ heeft geen reden")
        out[name] = reason.strip()
    return out


@dataclass
class Score:
    module: str
    killed: list[str] = field(default_factory=list)  # also tells a listed equivalent that no longer survives
    reviewed: list[str] = field(default_factory=list)  # survivors listed as equivalent
    survivors: list[str] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)  # no test reaches the function
    other: list[tuple[str, str]] = field(default_factory=list)  # not checked, suspicious

    @property
    def counted(self) -> int:
        return len(self.killed) + len(self.survivors) + len(self.untested)

    @property
    def percent(self) -> float | None:
        """Killed of the non-equivalent mutants tested; None before any was."""
        return 100.0 * len(self.killed) / self.counted if self.counted else None


def scores(group: Group, equivalent: dict[str, str]) -> list[Score]:
    from mutmut.stats import status_by_exit_code

    out = []
    for module in group.modules:
        score = Score(module)
        meta = WORK / group.name / "mutants" / (module + ".meta")
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] if meta.exists() else {}
        for name, code in sorted(codes.items()):
            if not group.counts(name):
                continue
            status = status_by_exit_code[code]
            if status in KILLED:
                score.killed.append(name)
            elif status == "survived" and name in equivalent:
                score.reviewed.append(name)
            elif status == "survived":
                score.survivors.append(name)
            elif status == "no tests":
                score.untested.append(name)
            else:
                score.other.append((name, status))
        out.append(score)
    return out


def diff_of(group: Group, name: str) -> str:
    """The mutant's change as lines removed and added (from mutmut, in the group's folder)."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--mutmut", "show", name],
                          cwd=WORK / group.name, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines()
             if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return "\n".join(f"        {line.strip()[:150]}" for line in lines[:6])


def report(groups: Iterable[Group], *, diffs: bool) -> tuple[list[str], list[str]]:
    """Print the score per module and the survivors; returns the modules below 90 % and those with mutants
    not yet tested (a run stopped at its time limit; the next goes on)."""
    equivalent = equivalents()
    rows = [(group, score) for group in groups for score in scores(group, equivalent)]
    print(f"\n{'module':42} {'gedood':>7} {'over':>5} {'geen test':>10} {'equiv.':>7} {'niet gedaan':>12} {'score':>7}")
    for _, score in rows:
        percent = "—" if score.percent is None else f"{score.percent:.1f}%"
        print(f"{score.module:42} {len(score.killed):7} {len(score.survivors):5} {len(score.untested):10} "
              f"{len(score.reviewed):7} {len(score.other):12} {percent:>7}")
    for group, score in rows:
        left = score.survivors + score.untested
        if not left:
            continue
        print(f"\n{score.module}: {len(score.survivors)} overleefd, {len(score.untested)} door geen test bereikt")
        for name in left:
            print(f"    {name}{'  (geen test)' if name in score.untested else ''}")
            if diffs:
                print(diff_of(group, name))
    killed = {n for _, s in rows for n in s.killed}  # a listed mutant not yet run is no news
    for name in sorted(n for n in equivalent if n in killed):
        print(f"let op: {name} staat in {EQUIVALENT.relative_to(ROOT)}, maar overleeft niet (meer): haal hem weg")
    return ([s.module for _, s in rows if s.percent is not None and s.percent < 90.0],
            [s.module for _, s in rows if s.percent is None or s.other])


def markdown(groups: Iterable[Group]) -> None:
    """The scores as the README's table (``--markdown``)."""
    equivalent = equivalents()
    print("| module | mutanten | gedood | overleefd | geen test | equivalent | niet gedaan | score |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for group in groups:
        for score in scores(group, equivalent):
            total = score.counted + len(score.reviewed) + len(score.other)
            percent = "—" if score.percent is None else f"{score.percent:.1f} %"
            print(f"| `{score.module}` | {total} | {len(score.killed)} | {len(score.survivors)} "
                  f"| {len(score.untested)} | {len(score.reviewed)} | {len(score.other)} | {percent} |")


def mutmut_main(argv: list[str]) -> None:
    """mutmut's own command line, without mutants of wording (literals with a space: see above)."""
    from mutmut.__main__ import cli
    from mutmut.mutation import mutators

    original = mutators.operator_string

    def operator_string(node):  # type: ignore[no-untyped-def]
        import libcst as cst

        value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if value and any(c.isspace() for c in value):
            return
        yield from original(node)

    mutators.mutation_operators[:] = [(kind, operator_string if op is original else op)
                                      for kind, op in mutators.mutation_operators]
    sys.argv = ["mutmut", *argv]
    cli()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--mutmut":
        mutmut_main(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description="Mutatietests van de modules waarvan een fout stil blijft.")
    parser.add_argument("groepen", nargs="*", help=f"alleen deze groepen ({', '.join(BY_NAME)})")
    parser.add_argument("--jobs", type=int, default=2, help="groepen tegelijk (standaard 2)")
    parser.add_argument("--kinderen", type=int, default=1, help="mutanten tegelijk per groep (standaard 1)")
    parser.add_argument("--minuten", type=float, default=20, help="tijdslimiet van de hele run (standaard 20)")
    parser.add_argument("--rapport", action="store_true", help="alleen het rapport van de vorige run")
    parser.add_argument("--opnieuw", action="store_true", help="vergeet wat eerdere runs vonden")
    parser.add_argument("--zonder-diffs", action="store_true", help="overlevenden zonder hun wijziging")
    parser.add_argument("--markdown", action="store_true", help="alleen de scores, als tabel voor README.md")
    args = parser.parse_args()
    unknown = [g for g in args.groepen if g not in BY_NAME]
    if unknown:
        parser.error(f"onbekende groep: {', '.join(unknown)}; bekend: {', '.join(BY_NAME)}")
    groups = [BY_NAME[g] for g in args.groepen] or list(GROUPS)
    if args.markdown:
        markdown(groups)
        return 0
    if args.opnieuw:
        for group in groups:
            shutil.rmtree(WORK / group.name / "mutants", ignore_errors=True)
    started = time.monotonic()
    deadline = started + 60 * args.minuten
    failed = []
    if not args.rapport:
        print(f"mutate: {len(groups)} groepen, {args.jobs} tegelijk, hoogstens {args.minuten:g} min; verslag per "
              f"groep in {WORK.relative_to(ROOT)}/<groep>/mutmut.log", flush=True)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for group, outcome, seconds, _log in pool.map(lambda g: run_group(g, args.kinderen, deadline), groups):
                print(f"  {group.name}: {outcome} in {seconds / 60:.1f} min", flush=True)
                if outcome.startswith("MISLUKT"):
                    failed.append(group.name)
    below, open_ = report(groups, diffs=not args.zonder_diffs)
    print(f"\nmutate: {(time.monotonic() - started) / 60:.1f} min"
          + (f"; onder 90 %: {', '.join(below)}" if below else "; elke geteste module 90 % of meer")
          + (f"; nog niet af (de volgende make mutate gaat verder): {', '.join(open_)}" if open_ else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
