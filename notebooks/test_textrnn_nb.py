"""Unit tests of textrnn_nb (run by notebooks/run.sh; alone: cd notebooks && /usr/bin/python3 -m unittest test_textrnn_nb)."""
import json
import os
import shutil
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import textrnn_nb as tn


class UnescapeTsvTest(unittest.TestCase):
    def test_null_and_plain(self):
        self.assertIsNone(tn.unescape_tsv("\\N"))
        self.assertEqual(tn.unescape_tsv("plain"), "plain")
        self.assertEqual(tn.unescape_tsv(""), "")

    def test_escapes(self):
        self.assertEqual(tn.unescape_tsv("a\\tb\\nc\\rd\\\\e"), "a\tb\nc\rd\\e")
        # an escaped backslash followed by n is a backslash and an n, not a newline
        self.assertEqual(tn.unescape_tsv("x\\\\ny"), "x\\ny")
        self.assertEqual(tn.unescape_tsv("\\\\N"), "\\N")

    def test_parse_table(self):
        df = tn.parse_sql_tsv("id\ttext\n1\ta\\tb\n2\t\\N\n")
        self.assertEqual(list(df.columns), ["id", "text"])
        self.assertEqual(df["text"].tolist(), ["a\tb", None])

    def test_parse_rejects_ragged_rows(self):
        with self.assertRaisesRegex(tn.InputError, "line 2: 1 fields, the header has 2"):
            tn.parse_sql_tsv("id\ttext\n1\n")

    def test_parse_rejects_nothing(self):
        with self.assertRaisesRegex(tn.InputError, "printed nothing"):
            tn.parse_sql_tsv("")


class InputsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.run = Path(self.tmp.name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTRNN_")}
        env["TEXTRNN_RUN"] = str(self.run)
        patcher = mock.patch.dict(os.environ, env, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(self.tmp.cleanup)

    def test_missing_prepared_names_the_folder_and_the_variable(self):
        with self.assertRaisesRegex(tn.InputError, f"prepare output: {self.run}/prepared is not a folder .*TEXTRNN_PREPARED"):
            tn.prepared_dir()

    def test_prepared_lacking_files(self):
        (self.run / "prepared").mkdir()
        (self.run / "prepared" / "stats.json").write_text("{}")
        with self.assertRaisesRegex(tn.InputError, "lacks vocab.tsv, labels.tsv"):
            tn.prepared_dir()

    def test_unfinished_bundle_is_refused(self):
        model = self.run / "model"
        model.mkdir()
        for f in tn.BUNDLE_FILES:
            (model / f).write_text("{}")
        with self.assertRaisesRegex(tn.InputError, "has no _SUCCESS"):
            tn.model_dirs()
        (model / "_SUCCESS").write_text("")
        self.assertEqual(tn.model_dirs(), [model])

    def test_evaluation_falls_back_to_the_model_report(self):
        report = self.run / "model" / "report"
        report.mkdir(parents=True)
        for f in tn.EVALUATION_FILES:
            (report / f).write_text("")
        self.assertEqual(tn.evaluation_dir(), report)
        (self.run / "evaluation").mkdir()
        with self.assertRaisesRegex(tn.InputError, f"evaluate report: {self.run}/evaluation lacks metrics.json"):
            tn.evaluation_dir()

    def test_read_jsonl_names_the_bad_line(self):
        path = self.run / "metrics.jsonl"
        path.write_text(json.dumps({"epoch": 1}) + "\n{oops\n")
        with self.assertRaisesRegex(tn.InputError, "metrics.jsonl line 2: not JSON"):
            tn.read_jsonl(path)
        path.write_text("\n")
        with self.assertRaisesRegex(tn.InputError, "metrics.jsonl: empty"):
            tn.read_jsonl(path)

    def record(self, runs: Path, table: str, date="2026-11-28", runs_dir=None, **more) -> Path:
        """A run record as score writes it: RUNS/run_date=D/summary.json (with the runs_dir score records) and _SUCCESS."""
        folder = runs / f"run_date={date}"
        folder.mkdir(parents=True)
        summary = {"run_id": "r-" + date, "run_date": date, "rows_written": 3, "table": table, **more}
        if runs_dir is not False:
            summary["runs_dir"] = runs_dir or "file:" + str(runs)
        (folder / "summary.json").write_text(json.dumps(summary))
        (folder / "_SUCCESS").write_text("")
        return folder

    def test_predictions_default_to_the_run_folders_table(self):
        with self.assertRaisesRegex(tn.InputError, "predictions"):
            tn.predictions_table()
        wh = self.run / "warehouse"
        # the folder names need not follow any rule: the records say which table they are of, and where
        runs = wh / "records" / "mail"
        self.record(runs, "textrnn.mail.predictions", table_format="iceberg")
        (wh / "mail" / "predictions" / "data" / "run_date=2026-11-28").mkdir(parents=True)  # Iceberg's data files
        self.assertEqual(tn.predictions_table(), "textrnn.mail.predictions")
        self.assertEqual(tn.runs_dir("textrnn.mail.predictions"), runs)
        self.assertEqual(tn.warehouse(), wh)
        self.assertEqual(tn.runs_dir("mail.predictions"), runs)
        self.assertIsNone(tn.runs_dir("mail.other"))
        self.assertEqual(len(tn.run_summaries(tn.runs_dir("mail.predictions"))), 1)
        # a record being written (a hidden staging) is not one
        self.record(wh / "records" / ".staging", "textrnn.news.predictions", table_format="iceberg")
        self.assertEqual(tn.predictions_table(), "textrnn.mail.predictions")
        self.record(wh / "records" / "news", "textrnn.news.predictions", table_format="iceberg")
        with self.assertRaisesRegex(tn.InputError, "2 scored Iceberg tables"):
            tn.predictions_table()
        (self.run / "predictions").mkdir()
        self.assertEqual(tn.predictions_table(), str(self.run / "predictions"))

    def test_runs_dir_is_where_the_records_say(self):
        table = self.run / "predictions"
        (table / "run_date=2026-11-28").mkdir(parents=True)
        self.assertIsNone(tn.runs_dir(str(table)))
        # a Parquet table's records, found below the table; older records without runs_dir: where they are
        self.record(table / "_textrnn_runs", str(table), runs_dir=False)
        self.assertEqual(tn.runs_dir(str(table)), table / "_textrnn_runs")
        # records elsewhere (--runs-dir) are the table's when their "table" is
        other = self.run / "elsewhere" / "p"
        self.record(other, str(table), date="2026-11-29")
        with self.assertRaisesRegex(tn.InputError, "2 runs folders"):
            tn.runs_dir(str(table))
        with mock.patch.dict(os.environ, {"TEXTRNN_RUNS": str(other)}):
            self.assertEqual(tn.runs_dir(str(table)), other)
        shutil.rmtree(table / "_textrnn_runs")
        self.assertEqual(tn.runs_dir(str(table)), other)
        # runs_dir recorded as score qualifies it, but moved since: where the records are found
        moved = self.run / "moved"
        self.record(moved, "textrnn.db.t", runs_dir="file:/nowhere/_textrnn_runs/textrnn.db.t")
        self.assertEqual(tn.runs_dir("db.t"), moved)
        self.assertEqual(tn.local_path("file:/a/b c"), Path("/a/b c"))
        self.assertEqual(tn.local_path("/a/b"), Path("/a/b"))
        self.assertIsNone(tn.local_path("hdfs://nn:8020/a"))
        self.assertIsNone(tn.runs_dir("hdfs:///tables/p"))

    def test_run_summaries_read_each_date_and_its_marker(self):
        runs = self.run / "runs"
        (runs / "run_date=2026-11-28").mkdir(parents=True)
        (runs / "run_date=2026-11-28" / "summary.json").write_text(
            '{"run_id": "r1", "run_date": "2026-11-28", "rows_written": 7, "model_version": "abcdef0123456789"}')
        (runs / "run_date=2026-11-28" / "_SUCCESS").write_text("")
        (runs / "run_date=2026-11-29").mkdir()
        (runs / "run_date=2026-11-29" / "summary.json").write_text('{"run_id": "r2", "run_date": "2026-11-29"}')
        with self.assertRaisesRegex(tn.InputError, "rows_written"):
            tn.run_summaries(runs)
        (runs / "run_date=2026-11-29" / "summary.json").write_text('{"run_id": "r2", "run_date": "2026-11-29", "rows_written": 0}')
        rows = tn.run_summaries(runs)
        self.assertEqual([(r["run_id"], r["rows written"], r["_SUCCESS"]) for r in rows], [("r1", 7, True), ("r2", 0, False)])
        self.assertEqual(rows[0]["model version"], "abcdef012345")

    def test_table_expression(self):
        self.assertEqual(tn.table_expression("db.predictions"), "db.predictions")
        self.assertEqual(tn.table_expression("hdfs:///t/p"), "parquet.`hdfs:///t/p`")
        self.assertEqual(tn.table_expression(str(self.run / "p")), f"parquet.`{self.run}/p`")

    def test_sql_mode_is_checked(self):
        with mock.patch.dict(os.environ, {"TEXTRNN_SQL": "always"}):
            with self.assertRaisesRegex(tn.InputError, "TEXTRNN_SQL must be auto, require or skip, found 'always'"):
                tn.sql_mode()


if __name__ == "__main__":
    unittest.main()
