"""Helpers shared by the textrnn notebooks: where a run's outputs are, reading them with errors that
name the file, and `textrnn sql` into pandas.

A run folder (what `deploy/quickstart.sh RUN` writes) holds:

    RUN/prepared      prepare --output: stats.json, vocab.tsv, labels.tsv, provenance.json, rejected/, sequences/
    RUN/model         train --model: bundle.json, train-config.json, metrics.jsonl, test-metrics.json,
                      report/ (evaluate-style metrics.json with the baselines, confusion.csv, errors.csv)
    RUN/predictions   score --table PATH: Parquet partitioned by run_date; _textrnn_runs/run_date=*/summary.json
    RUN/warehouse     or score --table db.table --warehouse RUN/warehouse (what the quickstart writes): an
                      Iceberg table textrnn.db.table; _textrnn_runs/textrnn.db.table/run_date=*/summary.json
    RUN/evaluation    evaluate --report (optional; the notebooks fall back to RUN/model/report)

Environment variables (each overrides one input; all default from TEXTRNN_RUN):

    TEXTRNN_RUN          the run folder (default: <repo>/work/quickstart, the quickstart's default)
    TEXTRNN_PREPARED     a prepare output (default RUN/prepared)
    TEXTRNN_MODELS       one or more model bundles, separated by ':' (default RUN/model)
    TEXTRNN_EVALUATION   an evaluate --report folder (default RUN/evaluation, else RUN/model/report)
    TEXTRNN_PREDICTIONS  the predictions table: a path (Parquet) or an Iceberg name such as db.predictions
                         (default RUN/predictions, else the one table in RUN/warehouse)
    TEXTRNN_RUN_DATE     the run_date partition to read (default: the latest in the table)
    TEXTRNN_RUNS         the table's runs folder (score --runs-dir; default: where the run records score wrote
                         for the table are found, below the table's folder, the warehouse or the run folder)
    TEXTRNN_LAUNCHER     deploy/textrnn to run `sql` with (default <repo>/deploy/textrnn)
    TEXTRNN_WAREHOUSE    --warehouse for `textrnn sql` (Iceberg tables given by name; default RUN/warehouse)
    TEXTRNN_SQL          auto (default: query the table when the launcher is built), require, or skip
    TEXTRNN_SQL_MAX_ROWS the most prediction rows read into pandas (default 100000)
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RUN = REPO / "work" / "quickstart"


class InputError(Exception):
    """An input of a notebook is missing or not what textrnn writes; the message says which and how to point at it."""


def env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


def run_dir() -> Path:
    """TEXTRNN_RUN, else <repo>/work/quickstart."""
    return env_path("TEXTRNN_RUN", DEFAULT_RUN)


def require_folder(path: Path, what: str, env: str, files=()) -> Path:
    """`path` if it is a folder holding every one of `files`; else an InputError naming what is missing and `env`."""
    hint = (f"set {env}=<folder>, or TEXTRNN_RUN=<run folder> (layout: RUN/prepared, RUN/model, "
            f"RUN/predictions, RUN/evaluation; see notebooks/README.md)")
    if not path.is_dir():
        raise InputError(f"{what}: {path} is not a folder ({hint})")
    missing = [f for f in files if not (path / f).exists()]
    if missing:
        raise InputError(f"{what}: {path} lacks {', '.join(missing)}; is it the output of the right command? ({hint})")
    return path


def prepared_dir() -> Path:
    path = env_path("TEXTRNN_PREPARED", run_dir() / "prepared")
    return require_folder(path, "prepare output", "TEXTRNN_PREPARED", ["stats.json", "vocab.tsv", "labels.tsv"])


BUNDLE_FILES = ["bundle.json", "train-config.json", "metrics.jsonl", "test-metrics.json"]


def model_dirs() -> list[Path]:
    """TEXTRNN_MODELS (':'-separated), else RUN/model; each must be a finished bundle."""
    value = os.environ.get("TEXTRNN_MODELS", "").strip()
    paths = [Path(p).expanduser().resolve() for p in value.split(os.pathsep) if p.strip()] if value else [run_dir() / "model"]
    for p in paths:
        require_folder(p, "model bundle", "TEXTRNN_MODELS", BUNDLE_FILES)
        if not (p / "_SUCCESS").exists():
            raise InputError(f"model bundle: {p} has no _SUCCESS: its training has not finished (train --resume continues it)")
    return paths


EVALUATION_FILES = ["metrics.json", "confusion.csv", "errors.csv"]


def evaluation_dir() -> Path:
    """TEXTRNN_EVALUATION, else RUN/evaluation when it exists, else RUN/model/report."""
    if os.environ.get("TEXTRNN_EVALUATION", "").strip():
        path = env_path("TEXTRNN_EVALUATION", Path())
    elif (run_dir() / "evaluation").exists():
        path = run_dir() / "evaluation"
    else:
        path = run_dir() / "model" / "report"
        if not path.is_dir():
            raise InputError(f"evaluate report: neither {run_dir()}/evaluation nor {path} is a folder (set "
                             f"TEXTRNN_EVALUATION=<evaluate --report folder>, or TEXTRNN_RUN=<run folder>; see notebooks/README.md)")
    return require_folder(path, "evaluate report", "TEXTRNN_EVALUATION", EVALUATION_FILES)


def read_json(path: Path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: not JSON ({e})") from None


def read_jsonl(path: Path) -> pd.DataFrame:
    """One JSON object a line (metrics.jsonl); an empty file or a bad line is an InputError naming the line."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise InputError(f"{path} line {n}: not JSON ({e})") from None
    if not rows:
        raise InputError(f"{path}: empty")
    return pd.DataFrame(rows)


def need(mapping: dict, keys, source) -> None:
    """InputError unless `mapping` has every key: the file is not what this textrnn version writes."""
    missing = [k for k in keys if k not in mapping]
    if missing:
        raise InputError(f"{source}: lacks {', '.join(missing)} (written by another textrnn version?)")


# ---- textrnn sql -> pandas ----------------------------------------------------------------------

def unescape_tsv(value: str):
    r"""Undoes `textrnn sql`'s escaping of one field: \N is NULL; \t \n \r \\ are tab, newline, CR, backslash."""
    if value == "\\N":
        return None
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(value[i + 1], "\\" + value[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_sql_tsv(text: str) -> pd.DataFrame:
    """The TSV `textrnn sql` prints (a header line, then rows) as a DataFrame of strings (None for NULL)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise InputError("textrnn sql printed nothing (not even the header line)")
    header = [unescape_tsv(h) for h in lines[0].split("\t")]
    rows = []
    for n, line in enumerate(lines[1:], 2):
        fields = line.split("\t")
        if len(fields) != len(header):
            raise InputError(f"textrnn sql output line {n}: {len(fields)} fields, the header has {len(header)}")
        rows.append([unescape_tsv(f) for f in fields])
    return pd.DataFrame(rows, columns=header)


def launcher() -> Path:
    return env_path("TEXTRNN_LAUNCHER", REPO / "deploy" / "textrnn")


def launcher_built(path: Path) -> bool:
    """What deploy/textrnn itself checks: the jobs jar and its class path are in jobs/target."""
    target = path.resolve().parent.parent / "jobs" / "target"
    jars = [j for j in target.glob("textrnn-jobs-*.jar") if not j.name.endswith(("-spark.jar", "-sources.jar", "-tests.jar"))]
    return path.is_file() and bool(jars) and (target / "launcher.classpath").is_file()


def sql_mode() -> str:
    mode = os.environ.get("TEXTRNN_SQL", "auto").strip() or "auto"
    if mode not in ("auto", "require", "skip"):
        raise InputError(f"TEXTRNN_SQL must be auto, require or skip, found '{mode}'")
    return mode


def textrnn_sql(query: str, max_rows: int = 0, timeout: int = 300) -> pd.DataFrame:
    """Runs `deploy/textrnn sql QUERY` and returns its TSV as a DataFrame of strings.

    Runs in a scratch folder, so Spark's own spark-warehouse/ lands there and not next to the notebook.
    """
    exe = launcher()
    if not launcher_built(exe):
        raise InputError(f"{exe}: textrnn is not built (run: mvn -q -DskipTests package), or set TEXTRNN_LAUNCHER")
    cmd = [str(exe), "sql", "--max-rows", str(max_rows)]
    wh = warehouse()
    if wh is not None:
        cmd += ["--warehouse", str(wh)]
    cmd.append(query)
    scratch = tempfile.mkdtemp(prefix="textrnn-sql-")
    try:
        done = subprocess.run(cmd, cwd=scratch, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise InputError(f"textrnn sql exited {done.returncode}:\n{tail}")
    return parse_sql_tsv(done.stdout)


def table_expression(table: str) -> str:
    """A path becomes parquet.`PATH` (absolute, since the query runs elsewhere); a name is used as it is."""
    if "/" in table or table.startswith("."):
        if "://" in table:
            return "parquet.`" + table + "`"
        return "parquet.`" + str(Path(table).expanduser().resolve()) + "`"
    return table


def warehouse() -> Path | None:
    """TEXTRNN_WAREHOUSE, else RUN/warehouse when it exists: the warehouse of textrnn's Iceberg catalog."""
    if os.environ.get("TEXTRNN_WAREHOUSE", "").strip():
        return env_path("TEXTRNN_WAREHOUSE", Path())
    wh = run_dir() / "warehouse"
    return wh if wh.is_dir() else None


def iceberg_name(table: str) -> str:
    """catalog.db.table of an Iceberg table name (db.table is in textrnn's own catalog), as score names its runs folder."""
    return table if table.count(".") >= 2 else "textrnn." + table


def predictions_table() -> str:
    """TEXTRNN_PREDICTIONS; else RUN/predictions (Parquet); else the one Iceberg table score recorded runs of in RUN/warehouse."""
    value = os.environ.get("TEXTRNN_PREDICTIONS", "").strip()
    if value and not ("/" in value or value.startswith(".")):
        return value  # a table name: only Spark can tell whether it exists
    if not value:
        wh = warehouse()
        if not (run_dir() / "predictions").is_dir() and wh is not None:
            tables = sorted({s["table"] for _, s in score_records(wh) if s.get("table_format", "iceberg") == "iceberg"})
            if len(tables) != 1:
                raise InputError(f"predictions table: {wh} holds run records of {len(tables)} scored Iceberg tables "
                                 f"({', '.join(tables) or 'none'}); set TEXTRNN_PREDICTIONS=<db.table>")
            return tables[0]
    path = env_path("TEXTRNN_PREDICTIONS", run_dir() / "predictions")
    if not path.is_dir():
        raise InputError(f"predictions table: {path} is not a folder (set TEXTRNN_PREDICTIONS=<table path or "
                         f"db.table>, or TEXTRNN_RUN=<run folder>; see notebooks/README.md)")
    return str(path)


def local_path(location: str) -> Path | None:
    """A local path (plain, or a file: URI as score's summary.json qualifies it); None on another file system."""
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme == "file":
        return Path(parsed.path)
    return Path(location) if parsed.scheme == "" else None


def score_records(*roots: Path) -> list[tuple[Path, dict]]:
    """Every score run record below `roots`: (its folder, its summary.json), as score wrote them (a runs folder holds
    run_date=D/summary.json; nothing of score's is below a run_date=D folder, and folders starting with '.' are
    stagings of runs in progress), each record once."""
    found: dict[Path, dict] = {}
    for root in roots:
        if root is None or not Path(root).is_dir():
            continue
        for folder, subfolders, files in os.walk(root):
            here = Path(folder)
            if here.name.startswith("run_date="):
                subfolders[:] = []
                if "summary.json" in files and here.resolve() not in found:
                    found[here.resolve()] = read_json(here / "summary.json")
                continue
            subfolders[:] = sorted(f for f in subfolders if not f.startswith("."))
    return sorted(found.items())


def same_table(recorded: str, table: str) -> bool:
    """Whether score's summary.json "table" (a Parquet path as given, or a qualified Iceberg name) is `table`."""
    if "/" in table or table.startswith("."):
        return "/" in recorded and Path(recorded).expanduser().resolve() == Path(table).expanduser().resolve()
    return "/" not in recorded and recorded == iceberg_name(table)


def runs_dir(table: str) -> Path | None:
    """The runs folder of `table`, as score's own run records say: TEXTRNN_RUNS; else the runs_dir that the
    summary.json files of `table` (found below the table's folder, the warehouse and the run folder) record, or,
    for records written before score recorded it, where they are. None when no record of `table` is here."""
    if os.environ.get("TEXTRNN_RUNS", "").strip():
        return env_path("TEXTRNN_RUNS", Path())
    if "://" in table:
        return None
    is_path = "/" in table or table.startswith(".")
    roots = [Path(table).expanduser().resolve()] if is_path else []
    folders = set()
    for record, summary in score_records(*roots, warehouse(), run_dir()):
        below_table = bool(roots) and roots[0] in record.parents
        if below_table or same_table(str(summary.get("table", "")), table):
            recorded = local_path(summary["runs_dir"]) if summary.get("runs_dir") else None
            folders.add(recorded if recorded is not None and recorded.is_dir() else record.parent)
    if len(folders) > 1:
        raise InputError(f"{table}: run records in {len(folders)} runs folders ({', '.join(map(str, sorted(folders)))}); "
                         f"set TEXTRNN_RUNS=<the one to read>")
    return folders.pop() if folders else None


def run_summaries(runs: Path) -> list[dict]:
    """One row per score run under `runs` (a runs folder: run_date=*/summary.json, then _SUCCESS)."""
    rows = []
    for summary in sorted(runs.glob("run_date=*/summary.json")):
        s = read_json(summary)
        need(s, ["run_id", "run_date", "rows_written"], summary)
        rows.append({"run_date": s["run_date"], "run_id": s["run_id"], "documents read": s.get("documents_read"),
                     "scored": s.get("scored"), "rejected": s.get("rejected"), "empty": s.get("empty"),
                     "rows written": s["rows_written"], "seconds": s.get("seconds"), "docs/s": s.get("docs_per_second"),
                     "model version": (s.get("model_version") or "")[:12], "finished": s.get("finished_at"),
                     "_SUCCESS": (summary.parent / "_SUCCESS").exists()})
    return rows


def show_inputs(**paths) -> None:
    """Prints which files a notebook read, so an executed notebook records its own inputs."""
    for name, p in paths.items():
        if isinstance(p, (list, tuple)):
            for i, q in enumerate(p):
                print(f"{name}[{i}]: {q}")
        else:
            print(f"{name}: {p}")
