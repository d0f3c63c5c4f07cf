"""Contract test of textrnn's Airflow DAGs, without Airflow (it cannot be installed here).

Each DAG file is executed against small stand-ins of the Airflow classes it uses, which record the
tasks, their arguments and their order. Then, for every SparkSubmitOperator, the command line it
would submit is rendered with Jinja2 (as Airflow renders templated fields) for two different nights,
and each rendering must be accepted by the jobs' own argument parser: `textrnn validate <command>
...` (options checked, no file system touched, no Spark). Dates and run ids must come from the
templates, never be written into the DAG. The DAGs' Spark settings must be the cluster profile
(conf/spark-cluster.properties, as deploy/submit.sh passes it), and the scoring check must look in
the runs folder score itself names (`textrnn validate score ...` prints runs-dir).

    /usr/bin/python3 -m unittest -v deploy/airflow/test_dags.py      (from the project root; needs python3-jinja2
                                                                      and the launcher built: mvn -DskipTests package)
"""
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import types
import unittest
import urllib.parse

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.environ.get("TEXTRNN_LAUNCHER", os.path.join(ROOT, "deploy", "textrnn"))
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ------------------------------------------------------------------ stand-ins of the Airflow API

class _Dag:
    current = None

    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}

    def __enter__(self):
        _Dag.current = self
        return self

    def __exit__(self, *exc):
        _Dag.current = None
        return False


class _Operator:
    kind = "operator"

    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = set()
        dag = _Dag.current
        if dag is None:
            raise AssertionError("task %s created outside a DAG context" % task_id)
        if task_id in dag.tasks:
            raise AssertionError("task id %s used twice" % task_id)
        dag.default_args = dag.kwargs.get("default_args", {})
        dag.tasks[task_id] = self

    def __rshift__(self, other):
        other.upstream.add(self.task_id)
        return other


class _SparkSubmitOperator(_Operator):
    kind = "spark-submit"
    # the templated fields of Airflow's SparkSubmitOperator that textrnn's DAGs use
    template_fields = ("application", "conf", "name", "application_args", "num_executors")


class _PythonOperator(_Operator):
    kind = "python"


class _Variable:
    store = {}

    @staticmethod
    def get(key, default_var=None):
        return _Variable.store.get(key, default_var)

    @staticmethod
    def set(key, value):
        _Variable.store[key] = value


def _install_stand_ins():
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    module("airflow", DAG=_Dag)
    module("airflow.models", Variable=_Variable)
    module("airflow.operators")
    module("airflow.operators.python", PythonOperator=_PythonOperator)
    module("airflow.providers")
    module("airflow.providers.apache")
    module("airflow.providers.apache.spark")
    module("airflow.providers.apache.spark.operators")
    module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=_SparkSubmitOperator)
    if HERE not in sys.path:
        sys.path.insert(0, HERE)


def load_dag(file_name):
    _install_stand_ins()
    spec = importlib.util.spec_from_file_location(file_name[:-3], os.path.join(HERE, file_name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.dag


# ------------------------------------------------------------------ rendering as Airflow does

class _VarValues:
    """{{ var.value.get('name', 'default') }} and {{ var.value.name }}."""

    def __init__(self, values):
        self.values = values

    def get(self, key, default=None):
        return self.values.get(key, default)

    def __getattr__(self, key):
        if key not in self.values:
            raise KeyError("Variable %s does not exist" % key)
        return self.values[key]


def context(ds, run_id, variables=None):
    return {
        "ds": ds,
        "ds_nodash": ds.replace("-", ""),
        "run_id": run_id,
        "var": types.SimpleNamespace(value=_VarValues(variables or {})),
    }


_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined)


def render(value, ctx):
    if isinstance(value, str):
        return _ENV.from_string(value).render(**ctx)
    if isinstance(value, (list, tuple)):
        return [render(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ctx) for k, v in value.items()}
    return value


def spark_submit_command(task, ctx):
    """The command SparkSubmitHook would run for this task (its connection supplies --master)."""
    k = {f: render(task.kwargs.get(f), ctx) for f in task.template_fields}
    cmd = ["spark-submit", "--master", "yarn"]
    for key, value in sorted((k["conf"] or {}).items()):
        cmd += ["--conf", "%s=%s" % (key, value)]
    if k["num_executors"]:
        cmd += ["--num-executors", str(k["num_executors"])]
    for opt, arg in (("executor_cores", "--executor-cores"), ("executor_memory", "--executor-memory"),
                     ("driver_memory", "--driver-memory")):
        if task.kwargs.get(opt):
            cmd += [arg, str(task.kwargs[opt])]
    cmd += ["--name", k["name"], "--class", task.kwargs["java_class"], k["application"]]
    return cmd + k["application_args"]


def validate(args):
    done = subprocess.run([LAUNCHER, "validate"] + list(args), capture_output=True, text=True, cwd=ROOT)
    return done.returncode, done.stdout + done.stderr


NIGHTS = [("2026-11-28", "scheduled__2026-11-28T02:00:00+00:00"),
          ("2027-02-01", "manual__2027-02-03T09:15:42.123456+00:00")]


class DagContractTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(LAUNCHER, os.X_OK):
            raise unittest.SkipTest("no launcher at %s" % LAUNCHER)
        cls.dags = {name: load_dag(name) for name in ("textrnn_nightly_scoring.py", "textrnn_retrain.py")}

    def spark_tasks(self):
        for name, (module, dag) in self.dags.items():
            for task in dag.tasks.values():
                if task.kind == "spark-submit":
                    yield name, dag, task

    def test_every_spark_submit_command_is_accepted_by_the_cli(self):
        checked = 0
        for name, dag, task in self.spark_tasks():
            self.assertEqual(task.kwargs["java_class"], "org.textrnn.cli.TextrnnCli", task.task_id)
            # one night with the Variables' defaults, one with Variables set as an operator would
            for (ds, run_id), variables in zip(NIGHTS, ({}, {"textrnn_table": "prod.mail_predictions",
                                                             "textrnn_model": "s3a://models/m7", "textrnn_executors": "16",
                                                             "textrnn_catalog_uri": "jdbc:postgresql://pg:5432/iceberg"})):
                ctx = context(ds, run_id, variables)
                cmd = spark_submit_command(task, ctx)
                args = cmd[cmd.index(render(task.kwargs["application"], ctx)) + 1:]
                code, out = validate(args)
                self.assertEqual(code, 0, "%s %s: textrnn validate %s\n%s" % (name, task.task_id, " ".join(args), out))
                self.assertIn("options are valid", out)
                print("  %s/%s %s: %s" % (dag.dag_id, task.task_id, ds, " ".join(cmd)), file=sys.stderr)
                checked += 1
        self.assertEqual(checked, 4 * 2)

    def test_a_broken_command_is_refused(self):
        # the contract test itself must be able to fail
        code, out = validate(["score", "--model", "m", "--input", "i", "--format", "email", "--table", "t",
                              "--run-date", "28/11/2026"])
        self.assertEqual(code, 2, out)
        code, out = validate(["train", "--data", "d", "--model", "m", "--epochz", "3"])
        self.assertEqual(code, 2, out)

    def test_dates_and_run_ids_are_templated(self):
        for name, dag, task in self.spark_tasks():
            raw = task.kwargs["application_args"]
            for value in raw:
                self.assertIsNone(DATE.search(value), "%s %s: hard-coded date in %r" % (name, task.task_id, value))
            for option, template in (("--run-date", "{{ ds }}"), ("--run-id", "{{ run_id }}")):
                if option in raw:
                    self.assertEqual(raw[raw.index(option) + 1], template, "%s %s %s" % (name, task.task_id, option))
            first, second = (render(raw, context(ds, run_id)) for ds, run_id in NIGHTS)
            self.assertNotEqual(first, second, "%s %s does not change from night to night" % (name, task.task_id))
        scoring = self.dags["textrnn_nightly_scoring.py"][1].tasks["score"]
        args = render(scoring.kwargs["application_args"], context(*NIGHTS[1]))
        self.assertEqual(args[args.index("--run-date") + 1], NIGHTS[1][0])
        self.assertEqual(args[args.index("--run-id") + 1], NIGHTS[1][1])
        self.assertTrue(args[args.index("--input") + 1].endswith("/" + NIGHTS[1][0]))

    def test_scoring_dag_retries_and_checks_its_partition(self):
        dag = self.dags["textrnn_nightly_scoring.py"][1]
        self.assertGreaterEqual(dag.kwargs["default_args"]["retries"], 1)
        check = dag.tasks["check_partition"]
        self.assertEqual(check.upstream, {"score"})
        score = dag.tasks["score"]
        for ds, run_id in NIGHTS:
            kwargs = render(check.kwargs["op_kwargs"], context(ds, run_id))
            self.assertEqual(kwargs["run_date"], ds)
            self.assertEqual(kwargs["run_id"], run_id)
            # the check looks where score writes: it is given the score task's own arguments and jar
            self.assertEqual(kwargs["score_args"], render(score.kwargs["application_args"], context(ds, run_id)))
            self.assertEqual(kwargs["jar"], render(score.kwargs["application"], context(ds, run_id)))
        # which runs folder score names for them (textrnn validate score: runs-dir), not a rule restated here
        module = self.dags["textrnn_nightly_scoring.py"][0]
        args = render(score.kwargs["application_args"], context(*NIGHTS[0]))
        self.assertEqual(module.t.runs_dir(args, [LAUNCHER]), "hdfs:/warehouse/textrnn/_textrnn_runs/textrnn.mail.predictions")
        table = args.index("--table") + 1
        self.assertEqual(module.t.runs_dir(args[:table] + ["prod.mail.p"] + args[table + 1:], [LAUNCHER]),
                         "hdfs:/warehouse/textrnn/_textrnn_runs/prod.mail.p")
        self.assertEqual(module.t.runs_dir(args[:table] + ["hdfs:///tables/p/"] + args[table + 1:], [LAUNCHER]),
                         "hdfs:/tables/p/_textrnn_runs")
        self.assertEqual(module.t.runs_dir(args + ["--runs-dir", "hdfs:///runs/p"], [LAUNCHER]), "hdfs:///runs/p")
        with self.assertRaisesRegex(RuntimeError, "--run-date"):
            module.t.runs_dir(["score", "--model", "m", "--input", "i", "--format", "email", "--table", "t",
                               "--run-date", "28/11/2026"], [LAUNCHER])
        # the command the check runs on an Airflow worker: spark-submit in local mode with the jar
        cli = module.t.textrnn_cli("hdfs:///apps/textrnn.jar")
        self.assertTrue(cli[0].endswith("spark-submit"))
        self.assertEqual(cli[cli.index("--class") + 1:], ["org.textrnn.cli.TextrnnCli", "hdfs:///apps/textrnn.jar"])

    def test_spark_settings_are_the_cluster_profile(self):
        module = self.dags["textrnn_nightly_scoring.py"][0]
        profile = os.path.join(ROOT, "conf", "spark-cluster.properties")
        self.assertEqual(module.t.spark_properties_file(), profile)
        # what deploy/submit.sh passes as --conf from the profile (its own reading of the file)
        e = dict(os.environ, TEXTRNN_SUBMIT_ECHO="1", TEXTRNN_JAR="/opt/textrnn/app.jar")
        e.pop("TEXTRNN_SPARK_PROPERTIES", None)
        done = subprocess.run([os.path.join(ROOT, "deploy", "submit.sh"), "sql", "SELECT 1"], capture_output=True, text=True, env=e)
        self.assertEqual(done.returncode, 0, done.stderr)
        cmd = shlex.split(done.stdout)
        submitted = dict(cmd[i + 1].split("=", 1) for i, a in enumerate(cmd) if a == "--conf")
        self.assertEqual(module.t.spark_properties(profile), submitted)
        self.assertIn("spark.executor.memoryOverhead", submitted)
        checked = 0
        for name, dag, task in self.spark_tasks():
            for ds, run_id in NIGHTS:
                conf = render(task.kwargs["conf"], context(ds, run_id))
                self.assertEqual(conf, submitted, "%s %s: the DAG's Spark settings must be the profile's" % (name, task.task_id))
            for restated in ("executor_memory", "executor_cores", "driver_memory", "total_executor_cores"):
                self.assertNotIn(restated, task.kwargs, "%s %s: %s restates the profile" % (name, task.task_id, restated))
            checked += 1
        self.assertEqual(checked, 4)
        # the profile's own rule, which the DAG's former copy broke (the JavaCPP cap equal to the container): the
        # whole process is capped 1g below the container (memory + memoryOverhead), and the off-heap arrays fit the overhead
        def gib(size):
            return float(size[:-1]) / (1024 if size[-1].lower() == "m" else 1)

        for role in ("executor", "driver"):
            opts = dict(o[2:].split("=", 1) for o in submitted["spark.%s.extraJavaOptions" % role].split() if o.startswith("-D"))
            memory, overhead = gib(submitted["spark.%s.memory" % role]), gib(submitted["spark.%s.memoryOverhead" % role])
            self.assertEqual(gib(opts["org.bytedeco.javacpp.maxphysicalbytes"]), memory + overhead - 1, role)
            self.assertGreaterEqual(overhead, gib(opts["org.bytedeco.javacpp.maxbytes"]) + 1, role)
        # the reading itself: comments, blank lines, values with spaces; TEXTRNN_SPARK_PROPERTIES wins, as for submit.sh
        with tempfile.TemporaryDirectory() as d:
            other = os.path.join(d, "p.properties")
            with open(other, "w") as f:
                f.write("# a comment\n\nspark.a   1g\n  spark.b  -Dx=1 -Dy=2  \nspark.c\n")
            self.assertEqual(module.t.spark_properties(other), {"spark.a": "1g", "spark.b": "-Dx=1 -Dy=2", "spark.c": ""})
            os.environ["TEXTRNN_SPARK_PROPERTIES"] = other
            try:
                self.assertEqual(module.t.spark_properties_file(), other)
            finally:
                del os.environ["TEXTRNN_SPARK_PROPERTIES"]

    def test_check_task_reads_summary_and_marker(self):
        module = self.dags["textrnn_nightly_scoring.py"][0]
        check = module.t.check_score_run
        ds, run_id = NIGHTS[0]
        with tempfile.TemporaryDirectory() as wh:
            # the runs folder textrnn names for a score run into this warehouse
            score_args = render(self.dags["textrnn_nightly_scoring.py"][1].tasks["score"].kwargs["application_args"],
                                context(ds, run_id, {"textrnn_warehouse": wh}))
            located = module.t.runs_dir(score_args, [LAUNCHER])
            self.assertTrue(located.startswith("file:"), located)
            runs = urllib.parse.urlparse(located).path
            self.assertEqual(runs, os.path.join(wh, "_textrnn_runs", "textrnn.mail.predictions"))
            os.makedirs(runs)
            with self.assertRaisesRegex(ValueError, "did not finish"):
                check(runs, ds, run_id)
            part = os.path.join(runs, "run_date=" + ds)
            os.makedirs(part)
            summary = {"run_id": run_id, "run_date": ds, "rows_written": 0, "documents_read": 5, "rejected": 5,
                       "empty": 0, "table": "mail.predictions"}
            with open(os.path.join(part, "summary.json"), "w") as f:
                json.dump(summary, f)
            with self.assertRaisesRegex(ValueError, "did not finish"):
                check(runs, ds, run_id)          # summary without the _SUCCESS written after it
            open(os.path.join(part, "_SUCCESS"), "w").close()
            with self.assertRaisesRegex(ValueError, "wrote 0 rows"):
                check(runs, ds, run_id)
            summary["rows_written"] = 1234
            with open(os.path.join(part, "summary.json"), "w") as f:
                json.dump(summary, f)
            with self.assertRaisesRegex(ValueError, "not this DAG run"):
                check(runs, ds, "manual__other")
            self.assertEqual(check("file://" + runs, ds, run_id)["rows_written"], 1234)
            kwargs = render(self.dags["textrnn_nightly_scoring.py"][1].tasks["check_partition"].kwargs["op_kwargs"],
                            context(ds, run_id, {"textrnn_warehouse": wh}))
            self.assertEqual(module.t.check_score_table(cli=[LAUNCHER], **kwargs)["rows_written"], 1234)

    def test_retraining_promotes_only_after_a_clean_evaluation(self):
        module, dag = self.dags["textrnn_retrain.py"]
        self.assertEqual(dag.tasks["promote"].upstream, {"check_evaluation"})
        self.assertEqual(dag.tasks["check_evaluation"].upstream, {"evaluate"})
        self.assertEqual(dag.tasks["evaluate"].upstream, {"train"})
        evaluate = dag.tasks["evaluate"]
        self.assertIn("--fail-on-regression", evaluate.kwargs["application_args"])
        self.assertEqual(evaluate.kwargs.get("retries"), 0)
        ctx = context(*NIGHTS[0])
        candidate = render(dag.tasks["promote"].kwargs["op_kwargs"]["candidate"], ctx)
        train_args = render(dag.tasks["train"].kwargs["application_args"], ctx)
        self.assertEqual(train_args[train_args.index("--model") + 1], candidate)
        report = render(dag.tasks["check_evaluation"].kwargs["op_kwargs"]["report_dir"], ctx)
        eval_args = render(evaluate.kwargs["application_args"], ctx)
        self.assertEqual(eval_args[eval_args.index("--report") + 1], report)

        gate = module.t.check_evaluation
        with tempfile.TemporaryDirectory() as rep:
            with self.assertRaisesRegex(ValueError, "no evaluation"):
                gate(rep)
            metrics = {"accuracy": 0.61, "macro_f1": 0.6,
                       "guardrails": {"flagged": True, "messages": ["the model's accuracy 0.61 is below the best baseline's 0.77"]}}
            with open(os.path.join(rep, "metrics.json"), "w") as f:
                json.dump(metrics, f)
            with self.assertRaisesRegex(ValueError, "below the best baseline"):
                gate(rep)
            metrics["guardrails"] = {"flagged": False, "messages": []}
            with open(os.path.join(rep, "metrics.json"), "w") as f:
                json.dump(metrics, f)
            self.assertEqual(gate(rep)["accuracy"], 0.61)

        _Variable.store.clear()
        result = module.promote(candidate)
        self.assertEqual(_Variable.store["textrnn_model"], candidate)
        self.assertEqual(result["previous"], module.t.DEFAULTS["textrnn_model"])


class SubmitScriptsTest(unittest.TestCase):
    """deploy/submit-{standalone,yarn,k8s}.sh: the spark-submit command each builds (TEXTRNN_SUBMIT_ECHO=1)."""

    ARGS = ["score", "--model", "hdfs:///m", "--input", "hdfs:///in/2026-11-28", "--format", "email", "--unlabelled",
            "--table", "mail.predictions", "--warehouse", "hdfs:///wh", "--run-date", "2026-11-28"]

    def submit(self, script, env, *args):
        e = dict(os.environ, TEXTRNN_SUBMIT_ECHO="1", TEXTRNN_JAR="/opt/textrnn/app.jar", **env)
        done = subprocess.run([os.path.join(ROOT, "deploy", script)] + list(args), capture_output=True, text=True, env=e)
        self.assertEqual(done.returncode, 0, done.stderr)
        return shlex.split(done.stdout)

    def confs(self, cmd):
        return dict(cmd[i + 1].split("=", 1) for i, a in enumerate(cmd) if a == "--conf")

    def test_scripts(self):
        cases = {
            "submit-standalone.sh": ({"SPARK_MASTER_URL": "spark://m1:7077"}, "spark://m1:7077", "client"),
            "submit-yarn.sh": ({}, "yarn", "cluster"),
            "submit-k8s.sh": ({"K8S_API": "https://k8s:6443", "TEXTRNN_IMAGE": "r/textrnn:1"}, "k8s://https://k8s:6443", "cluster"),
        }
        for script, (env, master, mode) in cases.items():
            cmd = self.submit(script, env, "--conf", "spark.executor.memory=6g", "--", *self.ARGS)
            self.assertEqual(cmd[cmd.index("--master") + 1], master, script)
            self.assertEqual(cmd[cmd.index("--deploy-mode") + 1], mode, script)
            self.assertEqual(cmd[cmd.index("--class") + 1], "org.textrnn.cli.TextrnnCli", script)
            confs = self.confs(cmd)
            self.assertIn("spark.executor.memoryOverhead", confs, script)
            self.assertIn("-Dorg.bytedeco.javacpp.maxbytes=", confs["spark.executor.extraJavaOptions"], script)
            self.assertEqual(confs["spark.executor.memory"], "6g", script + ": the caller's --conf must win over the profile")
            jar = cmd.index("--class") + 2
            self.assertEqual(cmd[jar + 1:], self.ARGS, script)
        k8s = self.confs(self.submit("submit-k8s.sh", cases["submit-k8s.sh"][0], *self.ARGS))
        self.assertEqual(k8s["spark.kubernetes.container.image"], "r/textrnn:1")
        code, out = validate(self.ARGS)
        self.assertEqual(code, 0, out)
        missing = subprocess.run([os.path.join(ROOT, "deploy", "submit-standalone.sh")] + self.ARGS, capture_output=True,
                                 text=True, env={k: v for k, v in os.environ.items() if k != "SPARK_MASTER_URL"})
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("SPARK_MASTER_URL", missing.stderr)


if __name__ == "__main__":
    unittest.main()
