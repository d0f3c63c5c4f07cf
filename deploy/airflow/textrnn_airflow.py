"""Shared pieces of textrnn's Airflow DAGs: the spark-submit settings, the textrnn command lines, and
the check callables. Copy this file next to the DAG files into the DAGs folder, together with the
cluster profile conf/spark-cluster.properties (or point TEXTRNN_SPARK_PROPERTIES at it, as for
deploy/submit.sh): the DAGs submit with the Spark settings that file holds, the same the
deploy/submit*.sh scripts pass, and restate none of them.

Nothing here imports Airflow, so the contract test (test_dags.py) can use it without Airflow.

Settings are Airflow Variables, read when a task runs (Jinja ``{{ var.value.get(...) }}``), each with
the default below; set them in the UI or with ``airflow variables set textrnn_model hdfs:///...``.
"""
import json
import os
import subprocess
import urllib.parse

MAIN_CLASS = "org.textrnn.cli.TextrnnCli"

# Variable name -> default. Every path is on the cluster's file system.
DEFAULTS = {
    # the shaded jar (mvn -DskipTests package: jobs/target/textrnn-jobs-<version>-spark.jar), on HDFS or local to the workers
    "textrnn_jar": "hdfs:///apps/textrnn/textrnn-jobs-spark.jar",
    # the model bundle nightly scoring uses; the retraining DAG points it at a new bundle when one passes evaluation
    "textrnn_model": "hdfs:///textrnn/models/current",
    # one folder of new e-mails per day: <inbox>/<YYYY-MM-DD>/ (raw RFC 822 files, any layout below)
    "textrnn_inbox": "hdfs:///data/mail/inbox",
    "textrnn_input_format": "email",
    # the Iceberg table (db.table in textrnn's catalog, files under the warehouse) predictions are appended to
    "textrnn_table": "mail.predictions",
    "textrnn_warehouse": "hdfs:///warehouse/textrnn",
    # the catalog's database, e.g. jdbc:postgresql://pg:5432/iceberg (credentials: TEXTRNN_CATALOG_USER/PASSWORD in the
    # driver's environment); empty: on HDFS Iceberg's Hadoop catalog, one score run per table at a time (docs/tables.md)
    "textrnn_catalog_uri": "",
    # labelled archive the retraining DAG prepares from: one folder per label below it
    "textrnn_corpus": "hdfs:///data/mail/labelled",
    "textrnn_work": "hdfs:///textrnn",
    "textrnn_executors": "4",
}


def var(name):
    """The Jinja expression of a textrnn setting: the Airflow Variable, else its default."""
    return "{{ var.value.get('%s', '%s') }}" % (name, DEFAULTS[name])


# ------------------------------------------------------------------------------ Spark settings

HERE = os.path.dirname(os.path.abspath(__file__))


def spark_properties_file():
    """The cluster profile: TEXTRNN_SPARK_PROPERTIES, else spark-cluster.properties next to this file (the
    DAGs folder), else conf/spark-cluster.properties of the textrnn checkout this file is in."""
    candidates = [os.environ.get("TEXTRNN_SPARK_PROPERTIES", "").strip(),
                  os.path.join(HERE, "spark-cluster.properties"),
                  os.path.join(os.path.dirname(os.path.dirname(HERE)), "conf", "spark-cluster.properties")]
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    raise FileNotFoundError("textrnn's cluster profile not found (tried %s): copy conf/spark-cluster.properties next to "
                            "textrnn_airflow.py, or set TEXTRNN_SPARK_PROPERTIES" % ", ".join(c for c in candidates if c))


def spark_properties(path=None):
    """The profile's Spark settings as deploy/submit.sh reads them: "key value" lines, # comments and blank lines skipped."""
    conf = {}
    with open(path or spark_properties_file(), encoding="utf-8") as f:
        for line in f:
            parts = line.split(None, 1)
            if not parts or parts[0].startswith("#"):
                continue
            conf[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
    return conf


# spark-submit --conf for every textrnn job: the cluster profile (memory and ND4J's off-heap limits,
# cores, one BLAS thread per task, retries), so the DAGs submit exactly what deploy/submit*.sh do
SPARK_CONF = spark_properties()

SUBMIT_DEFAULTS = dict(
    conn_id="spark_default",          # the Spark connection: master (yarn, k8s://..., spark://...) and deploy mode
    java_class=MAIN_CLASS,
    # executor and driver sizes come with SPARK_CONF (spark.executor.memory, spark.executor.cores, spark.driver.memory)
)


def score_args():
    """textrnn score for the night being processed: the run date is the logical date, the run id Airflow's."""
    return [
        "score",
        "--model", var("textrnn_model"),
        "--input", var("textrnn_inbox") + "/{{ ds }}",
        "--format", var("textrnn_input_format"),
        "--unlabelled",
        "--table", var("textrnn_table"),
        "--warehouse", var("textrnn_warehouse"),
        "--catalog-uri", var("textrnn_catalog_uri"),
        "--run-date", "{{ ds }}",
        "--run-id", "{{ run_id }}",
        "--keep-columns", "source",
    ]


def textrnn_cli(jar):
    """The command that runs textrnn's command line here, on the Airflow worker: spark-submit in local mode
    with the application jar (for `textrnn validate`, which starts no Spark and touches no file system)."""
    spark_home = os.environ.get("SPARK_HOME", "").strip()
    submit = os.path.join(spark_home, "bin", "spark-submit") if spark_home else "spark-submit"
    return [submit, "--master", "local[1]", "--conf", "spark.ui.enabled=false", "--class", MAIN_CLASS, jar]


RUNS_DIR_LINE = "  runs-dir = "


def runs_dir(score_args, cli):
    """The runs folder (run_date=*/summary.json, rejected/, _SUCCESS) of the score command line `score_args`, as
    score itself resolves it: `textrnn validate score ...` prints it (runs-dir); `cli` runs textrnn's command line."""
    if not score_args or score_args[0] != "score":
        raise ValueError("not a score command line: %r" % (score_args,))
    done = subprocess.run(list(cli) + ["validate"] + list(score_args), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("textrnn validate %s exited %d: %s" % (" ".join(score_args), done.returncode,
                                                                  (done.stderr or done.stdout).strip()[-2000:]))
    for line in done.stdout.splitlines():
        if line.startswith(RUNS_DIR_LINE):
            return line[len(RUNS_DIR_LINE):].strip()
    raise RuntimeError("textrnn validate score printed no runs-dir (a textrnn jar older than these DAGs?):\n" + done.stdout)


def candidate_dir():
    return var("textrnn_work") + "/models/candidate-{{ ds_nodash }}"


def prepare_args():
    return [
        "prepare",
        "--input", var("textrnn_corpus"),
        "--format", var("textrnn_input_format"),
        "--label-regex", "(spam|ham)",
        "--tokenizer", "regex", "--tokenizer.fold-urls", "true", "--tokenizer.fold-emails", "true",
        "--tokenizer.fold-numbers", "true",
        "--max-length", "p95",
        "--output", var("textrnn_work") + "/prepared/{{ ds_nodash }}",
        "--overwrite",
    ]


def train_args():
    return [
        "train",
        "--data", var("textrnn_work") + "/prepared/{{ ds_nodash }}",
        "--model", candidate_dir(),
        "--run-id", "{{ run_id }}",
        "--overwrite",
    ]


def evaluate_args():
    """Evaluates the candidate on the held-out split against the TF-IDF baselines; exit code 3 on a regression."""
    return [
        "evaluate",
        "--model", candidate_dir(),
        "--data", var("textrnn_work") + "/prepared/{{ ds_nodash }}",
        "--split", "test",
        "--report", candidate_dir() + "/evaluation",
        "--run-id", "{{ run_id }}",
        "--fail-on-regression",
    ]


# ------------------------------------------------------------------------------ reading results

def read_text(path):
    """A small file on a local or Hadoop file system (hdfs://, s3a://, ...: through the `hdfs dfs` client)."""
    scheme = urllib.parse.urlparse(path).scheme
    if scheme in ("", "file"):
        local = path[len("file://"):] if path.startswith("file://") else path[len("file:"):] if scheme == "file" else path
        try:
            with open(local, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return None
    done = subprocess.run(["hdfs", "dfs", "-cat", path], capture_output=True, text=True)
    if done.returncode != 0:
        if "No such file" in done.stderr or "does not exist" in done.stderr:
            return None
        raise RuntimeError("hdfs dfs -cat %s failed: %s" % (path, done.stderr.strip()))
    return done.stdout


def check_score_table(score_args, run_date, run_id, jar, min_rows=1, read=read_text, cli=None):
    """check_score_run on the runs folder of the score run `score_args` (the score task's rendered arguments),
    which textrnn names (see runs_dir); `cli` (default: textrnn_cli(jar)) runs textrnn's command line."""
    return check_score_run(runs_dir(score_args, cli or textrnn_cli(jar)), run_date, run_id, min_rows, read)


def check_score_run(runs_dir, run_date, run_id, min_rows=1, read=read_text):
    """Fails (raises) unless score finished the partition run_date with run id run_id and wrote rows.

    Checks the run's _SUCCESS marker (written last) and summary.json: the run id must be this DAG
    run's (not an older run of the same date), and rows_written at least min_rows (an empty inbox or
    an input that was all rejected leaves an empty partition, which a nightly job must not pass
    silently). Returns the summary for XCom.
    """
    base = "%s/run_date=%s" % (runs_dir.rstrip("/"), run_date)
    if read(base + "/_SUCCESS") is None:
        raise ValueError("score run of %s did not finish: no %s/_SUCCESS" % (run_date, base))
    text = read(base + "/summary.json")
    if text is None:
        raise ValueError("score run of %s has no %s/summary.json" % (run_date, base))
    summary = json.loads(text)
    if summary.get("run_id") != run_id:
        raise ValueError("the last score run of %s is %r, not this DAG run %r" % (run_date, summary.get("run_id"), run_id))
    if summary.get("run_date") != run_date:
        raise ValueError("summary.json is for run date %r, expected %r" % (summary.get("run_date"), run_date))
    rows = summary.get("rows_written", 0)
    if rows < min_rows:
        raise ValueError("score run %s wrote %d rows into %s for %s (read %s documents, %s rejected, %s empty)" % (
            run_id, rows, summary.get("table"), run_date, summary.get("documents_read"), summary.get("rejected"),
            summary.get("empty")))
    return {k: summary.get(k) for k in ("run_id", "run_date", "rows_written", "rejected", "empty", "docs_per_second", "model_version",
                                        "run_dir")}


def check_evaluation(report_dir, read=read_text):
    """Fails (raises) unless evaluate wrote metrics.json and flagged nothing; returns the headline metrics."""
    text = read(report_dir.rstrip("/") + "/metrics.json")
    if text is None:
        raise ValueError("no evaluation in %s" % report_dir)
    metrics = json.loads(text)
    guardrails = metrics.get("guardrails")
    if guardrails is None:
        raise ValueError("%s/metrics.json has no guardrails section" % report_dir)
    if guardrails.get("flagged"):
        raise ValueError("evaluation flagged the candidate: %s" % "; ".join(guardrails.get("messages", [])))
    return {"accuracy": metrics.get("accuracy"), "macro_f1": metrics.get("macro_f1")}
