"""The ``healthlint`` command: check, export, rules, explain, init, lsp.

Every command is ``main(argv) -> int``: 0 when nothing at or above ``--fail-on`` was found
(or the command did what it was asked), 1 when something was, 2 on a usage or configuration
error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from healthlint import __version__
from healthlint.commands import progress
from healthlint.commands.export import options as export_options
from healthlint.commands.report.text import REPORTERS, printable, write_report
from healthlint.commands.shard import in_shard, parse_shard
from healthlint.config import Config, ConfigError
from healthlint.core.findings import FAMILIES, REGISTRY, lookup
from healthlint.engine.checks import load_checks
from healthlint.engine.runner import FileResult, collect_paths, display_path, lint_paths

FORMATS = ("text", "json", "sarif", "github", "junit", "html")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs must be 1 or more")
    return jobs


def _csv(value: str) -> list[str]:
    """Rules separated by commas or spaces (as in suppression comments): "HL5, unknown-word"."""
    return [v for v in re.split(r"[\s,]+", value) if v]


class CommandParser(argparse.ArgumentParser):
    """A command's parser that takes options and paths in any order (``check a.md --fail-on
    warning b.md``), as argparse's intermixed parsing does; that parsing runs the plain one
    inside, hence the guard."""

    _inner = False

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        if self._inner:
            return super().parse_known_args(args, namespace)
        self._inner = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inner = False


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders (folders: *.md below them); default: include")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="a pyproject.toml or healthlint.toml (default: the nearest one)")
    parser.add_argument("--select", type=_csv, action="extend", metavar="RULES",
                        help="only these rules: codes, names or prefixes, comma-separated")
    parser.add_argument("--ignore", type=_csv, action="extend", metavar="RULES",
                        help="skip these rules (added to the config's ignore)")
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                        help="the date to judge review dates against (default: today)")
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        help="worker processes (default: one per core)")
    parser.add_argument("--no-color", action="store_true", help="never colour the output")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="healthlint",
        description="Lint health articles in Markdown and publish them as safe HTML.")
    parser.add_argument("--version", action="version", version=f"healthlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)

    check = sub.add_parser("check", help="check articles and report findings")
    add_common(check)
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="report format (default: text)")
    check.add_argument("--output", type=Path, metavar="FILE", help="write the report here")
    check.add_argument("--fail-on", choices=("error", "warning", "suggestion"),
                       help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--diff-base", metavar="REV",
                       help="report only findings on lines changed since REV (diffed from its "
                       "merge base with HEAD to the working tree; untracked files count as "
                       "changed), e.g. origin/main")
    check.add_argument("--diff-scope", choices=("lines", "files"), default="lines",
                       help="with --diff-base: keep findings on changed lines (default) or "
                       "every finding in a changed file")
    add_cache_options(check)
    check.add_argument("--fix", action="store_true",
                       help="apply safe fixes to the files (re-linted until nothing changes); "
                       "the report shows what is left")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff: apply unsafe fixes too (they may change "
                       "what the text means: read the result)")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and write nothing; exit 1 when "
                       "there is something to fix or anything left at --fail-on")
    check.add_argument("--shard", type=parse_shard, metavar="K/N",
                       help="check only shard K of N (a stable split by path hash), for N "
                       "parallel CI runners; SARIF gets the category healthlint/shard-K-of-N/")
    adopt = check.add_mutually_exclusive_group()
    adopt.add_argument("--baseline", type=Path, metavar="FILE",
                       help="report and fail only on findings not recorded in FILE (see "
                       "--write-baseline); list its entries that no longer occur")
    adopt.add_argument("--write-baseline", type=Path, metavar="FILE",
                       help="record every finding of this run in FILE and exit 0: the way to "
                       "adopt healthlint on content that already has findings")

    export = sub.add_parser("export", help="export articles that pass to a static HTML site")
    add_common(export)
    export_options.add_arguments(export)
    add_cache_options(export)

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "markdown"), default="text",
                       help="a list (text, the default) or the README's Markdown table")
    explain = sub.add_parser("explain", help="show one rule's documentation")
    explain.add_argument("rule", metavar="CODE_OR_NAME")
    init = sub.add_parser("init", help="write a starter [tool.healthlint] config")
    init.add_argument("--path", type=Path, default=Path("pyproject.toml"), metavar="FILE",
                      help="the file to add the table to (default: pyproject.toml here); "
                      "created when missing")
    lsp = sub.add_parser("lsp", help="run the language server for editors (LSP over stdio)")
    lsp.add_argument("--stdio", action="store_true",
                     help="talk over stdin and stdout (the default and only transport; "
                     "accepted because editors pass it)")
    return parser


def add_cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--no-cache", action="store_true",
                         help="lint every file again, without reading or writing the cache")
    command.add_argument("--cache-dir", type=Path, metavar="DIR", help="where the result "
                         "cache is kept (default: .healthlint_cache in the project root)")


def load_config(args: argparse.Namespace) -> Config:
    config = Config.load(args.config) if args.config else Config.discover()
    return config.with_overrides(select=args.select, ignore=args.ignore,
                                 fail_on=getattr(args, "fail_on", None))


def use_color(args: argparse.Namespace, stream: object) -> bool:
    if args.no_color or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def linter(args: argparse.Namespace, config: Config,
           done: Callable[[Path, FileResult], object] | None = None
           ) -> Callable[[list[Path]], list[FileResult]]:
    """Lint a batch of files: through the result cache unless --no-cache; with --fix or
    --diff, fix each file as it is read now (never from the cache: no stale edits), and hand
    each result to ``done`` as it comes (--fix writes the file then)."""
    if args.fix or args.diff:
        from healthlint.engine.fixes import fix_file

        per_file = functools.partial(fix_file, unsafe=args.unsafe_fixes)
        return lambda batch: lint_paths(batch, config, args.today, args.jobs,
                                        per_file=per_file, done=done)
    if args.no_cache:
        return lambda batch: lint_paths(batch, config, args.today, args.jobs)
    from healthlint.commands.cache import default_dir, lint_cached

    cache_dir = args.cache_dir or default_dir(config)
    return lambda batch: lint_cached(batch, config, args.today, args.jobs, cache_dir)


def run_check(args: argparse.Namespace) -> int:
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise ConfigError("--unsafe-fixes applies unsafe fixes with --fix or --diff; give one "
                          "of them too")
    config = load_config(args)
    files, warnings, problems = collect_paths(args.paths, config)
    for warning in warnings:
        print(f"healthlint: {printable(warning)}", file=sys.stderr)
    if not files and not problems:
        if args.paths and all(Path(p).is_file() for p in args.paths):
            print("healthlint: every file given is excluded by the config's `exclude`",
                  file=sys.stderr)
            return 0
        print("healthlint: nothing to check", file=sys.stderr)
        return 2
    for name, target in (("--output", args.output), ("--write-baseline", args.write_baseline)):
        if target:
            refuse_output_over_input(target, files, name)
    if args.shard:
        found = len(files) + len(problems)
        files = [f for f in files if in_shard(display_path(f), args.shard)]
        problems = [r for r in problems if in_shard(r.path, args.shard)]
        if not files and not problems:
            print(f"healthlint: shard {args.shard[0]}/{args.shard[1]} has none of the "
                  f"{found} files", file=sys.stderr)
    written = None
    if args.fix and not args.diff:
        from healthlint.commands import fix

        written = fix.Outcome()  # each fixed file is written as its result comes back
        lint = linter(args, config, lambda file, result: fix.write_fix(file, result, written))
    else:
        lint = linter(args, config)
    if progress.wanted(len(files), sys.stderr):
        results = progress.in_batches(files, lint, sys.stderr, args.jobs)
    else:
        results = lint(files)
    fixing, shown = None, ""
    if args.fix or args.diff:
        from healthlint.commands import fix

        if args.diff:
            shown, fixing = fix.show_diff(files, results)
        else:
            fixing = written
        for message in fixing.left:
            print(f"healthlint: {message}", file=sys.stderr)
    if args.diff_base:
        from healthlint.commands.changed import changed_lines, filter_results

        results = filter_results(results, changed_lines(args.diff_base, files),
                                 args.diff_scope)
    results = [*problems, *results]  # what the scan could not check, changed or not
    if args.baseline or args.write_baseline:
        from healthlint.commands.report import baseline

        if args.baseline:
            results = baseline.apply(results, args.baseline)
        else:
            baseline.write(args.write_baseline, results)
    if args.format == "html":
        from healthlint.commands.report.html import html_reporter

        reporter = html_reporter(config, args.today)
    else:
        if args.format not in REPORTERS:
            from healthlint.commands.report import ci  # noqa: F401  (sarif, github, junit)
        reporter = REPORTERS[args.format]
        if args.shard and args.format == "sarif":
            reporter = functools.partial(reporter, shard=args.shard)
    failing = not args.write_baseline and any(
        f.severity >= config.fail_on for r in results for f in r.findings)
    if fixing is not None:
        failing = failing or bool(fixing.left) or (args.diff and fixing.files > 0)
    code = 1 if failing else 0
    if args.diff:
        write_stdout(shown)
        if args.output:
            write_output(args.output, reporter(results, False))
        print(f"healthlint: {fix.summary(fixing, dry_run=True)}", file=sys.stderr)
        return code
    if fixing is not None:
        print(f"healthlint: {fix.summary(fixing, dry_run=False)}", file=sys.stderr)
    if args.output:
        write_output(args.output, reporter(results, False))
    else:
        write_stdout(reporter(results, use_color(args, sys.stdout)))
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from healthlint.commands.report.step_summary import append_summary

        target = os.environ["GITHUB_STEP_SUMMARY"]
        try:
            append_summary(Path(target), results, os.environ)
        except OSError as exc:
            print(f"healthlint: GITHUB_STEP_SUMMARY {printable(target)}: cannot write the job "
                  f"summary: {exc.strerror or exc}", file=sys.stderr)
    return code


def write_output(output: Path, text: str) -> None:
    try:
        write_report(output, text)
    except OSError as exc:
        raise ConfigError(f"--output {output}: cannot write the report: "
                          f"{exc.strerror or exc}") from None


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_to_devnull()


def refuse_output_over_input(output: Path, files: Sequence[Path],
                             option: str = "--output") -> None:
    """``--output`` must not name a file being checked (by its resolved path, a symbolic or a
    hard link): the report would replace the article."""
    target = output.resolve()
    try:
        target_stat: os.stat_result | None = os.stat(target)
    except OSError:
        target_stat = None
    for file in files:
        try:
            same = file.resolve() == target or (
                target_stat is not None and os.path.samestat(target_stat, os.stat(file)))
        except OSError:
            continue
        if same:
            raise ConfigError(f"{option} {printable(str(output))}: this is an input file "
                              f"({printable(display_path(file))}); the report would replace "
                              "it: write the report to another file")


def _stdout_to_devnull() -> None:
    """The reader of our output went away (``| head``): send what is left nowhere, so that
    Python's flush at exit does not print a traceback either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass  # not a real file (tests); nothing will be flushed to it


def run_rules(fmt: str = "text") -> int:
    load_checks()
    if fmt == "markdown":
        print(rules_table(), end="")
        return 0
    family = None
    for code, rule in sorted(REGISTRY.items()):
        if FAMILIES.get(code[:3]) != family:
            family = FAMILIES.get(code[:3])
            print(f"\n{code[:3]}xx {family}")
        print(f"  {code}  {rule.name:<28} {str(rule.severity):<10} {rule.summary}")
    return 0


def rules_table() -> str:
    """Every rule as a Markdown table: the README's rules table is this, generated."""
    load_checks()
    rows = ["| code | name | severity | what it reports |", "| --- | --- | --- | --- |"]
    rows += [f"| `{code}` | {rule.name} | {rule.severity} | {rule.summary} |"
             for code, rule in sorted(REGISTRY.items())]
    return "\n".join(rows) + "\n"


def run_explain(name: str) -> int:
    load_checks()
    found = lookup(name)
    if found is None:
        print(f"healthlint: unknown rule {name!r}; `healthlint rules` lists them",
              file=sys.stderr)
        return 2
    print(found.docs(), end="")
    return 0


STARTER = """
[tool.healthlint]
include = ["content/**/*.md"]
fail-on = "error"
ignore = []

[tool.healthlint.spelling]
wordlists = []

# Change a built-in profile without copying it:
# [tool.healthlint.profiles.condition]
# add-sections = ["Outlook"]
# max-grade = 9
"""


def run_init(path: Path) -> int:
    try:
        if path.exists() and "[tool.healthlint]" in path.read_text("utf-8"):
            print(f"healthlint: {path} already has a [tool.healthlint] table", file=sys.stderr)
            return 2
        with path.open("a", encoding="utf-8") as handle:
            handle.write(STARTER)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"healthlint: {path}: cannot add a [tool.healthlint] table: {reason}",
              file=sys.stderr)
        return 2
    print(f"wrote a starter [tool.healthlint] table to {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "export":
            from healthlint.commands.cache import FileCache, default_dir
            from healthlint.commands.export import pipeline as export_module

            config = load_config(args)
            results = None if args.no_cache else \
                FileCache(config, args.today, args.cache_dir or default_dir(config))
            return export_module.run(args, config, results)
        if args.command == "rules":
            return run_rules(args.format)
        if args.command == "explain":
            return run_explain(args.rule)
        if args.command == "init":
            return run_init(args.path)
        if args.command == "lsp":
            from healthlint.commands.lsp import main as serve

            return serve([])
    except ConfigError as exc:
        print(f"healthlint: {printable(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _stdout_to_devnull()
        return 1
    parser.print_help()
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
