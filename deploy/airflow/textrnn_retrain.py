"""Periodic retraining: prepares the labelled archive, trains a candidate model, evaluates it on the
held-out split against TF-IDF baselines, and promotes it (points the Variable textrnn_model, which
nightly scoring reads, at the candidate) only when evaluate flags no regression.

evaluate runs with --fail-on-regression (exit code 3 when a class has zero recall or the model is
below its best baseline), so a regression fails that task, without retries, and nothing downstream
runs; the gate task re-reads the candidate's metrics.json before the promotion, so a candidate is
never promoted on a missing or flagged evaluation.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import textrnn_airflow as t


def promote(candidate, **context):
    previous = Variable.get("textrnn_model", default_var=t.DEFAULTS["textrnn_model"])
    Variable.set("textrnn_model", candidate)
    # the previous model stays where it is: roll back by setting the Variable to it again
    return {"promoted": candidate, "previous": previous}


with DAG(
    dag_id="textrnn_retrain",
    description="Retrain the classifier and promote it when evaluation finds no regression",
    schedule="0 4 * * 0",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "textrnn",
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        "execution_timeout": timedelta(hours=12),
    },
    tags=["textrnn"],
) as dag:
    submit = dict(conf=dict(t.SPARK_CONF), num_executors=t.var("textrnn_executors"), **t.SUBMIT_DEFAULTS)
    prepare = SparkSubmitOperator(task_id="prepare", application=t.var("textrnn_jar"), application_args=t.prepare_args(),
                                  name="textrnn-prepare-{{ ds }}", **submit)
    train = SparkSubmitOperator(task_id="train", application=t.var("textrnn_jar"), application_args=t.train_args(),
                                name="textrnn-train-{{ ds }}", **submit)
    evaluate = SparkSubmitOperator(task_id="evaluate", application=t.var("textrnn_jar"),
                                   application_args=t.evaluate_args(), name="textrnn-evaluate-{{ ds }}",
                                   retries=0, **submit)
    gate = PythonOperator(task_id="check_evaluation", python_callable=t.check_evaluation,
                          op_kwargs={"report_dir": t.candidate_dir() + "/evaluation"}, retries=0)
    promote_task = PythonOperator(task_id="promote", python_callable=promote,
                                  op_kwargs={"candidate": t.candidate_dir()}, retries=0)
    prepare >> train >> evaluate >> gate >> promote_task
