"""Nightly scoring: classifies the day's new e-mails with the current model and replaces the day's
partition of the predictions table; then checks that the run finished and wrote rows.

Re-runs are safe: score overwrites the run_date partition ({{ ds }}), so a retry, a manual re-run or
a backfill leaves each document once, tagged with the Airflow run id that wrote it.
Settings: the Airflow Variables in textrnn_airflow.DEFAULTS; Spark settings: the cluster profile
(spark-cluster.properties, see textrnn_airflow).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import textrnn_airflow as t

with DAG(
    dag_id="textrnn_nightly_scoring",
    description="Classify the day's e-mails into the predictions table (textrnn score)",
    schedule="0 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "textrnn",
        "retries": 3,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=3),
    },
    tags=["textrnn"],
) as dag:
    score = SparkSubmitOperator(
        task_id="score",
        application=t.var("textrnn_jar"),
        application_args=t.score_args(),
        name="textrnn-score-{{ ds }}",
        conf=dict(t.SPARK_CONF),
        num_executors=t.var("textrnn_executors"),
        **t.SUBMIT_DEFAULTS,
    )
    check = PythonOperator(
        task_id="check_partition",
        python_callable=t.check_score_table,
        # the runs folder is the one score names for these arguments (textrnn validate score ... prints it)
        op_kwargs={"score_args": t.score_args(), "jar": t.var("textrnn_jar"),
                   "run_date": "{{ ds }}", "run_id": "{{ run_id }}"},
        retries=0,
    )
    score >> check
