"""
Drives mlportal's MLflow-compatible API with the real MLflow client, as a team that already logs
with MLflow would: experiment, runs, params, metrics, tags, an ONNX artifact, run search, model
registration, aliases, stages, descriptions, deletes, and the errors MLflow users expect.

Run by server/mlflow/mlflow-client.test.ts with MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN
(an ml-engineer token) set, and these arguments:
  <onnx file> <experiment name> <model name> <ml-service-engineer token>
Fails (non-zero exit, a traceback naming the broken expectation) on the first mismatch; on success
prints one line of JSON with the ids the test then checks through mlportal's own API.
"""

import json
import os
import shutil
import sys
import tempfile
import time

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException


def expect_error(code, action, *args, **kwargs):
    try:
        action(*args, **kwargs)
    except MlflowException as err:
        assert err.error_code == code, f"{action.__name__}: expected {code}, got {err.error_code}: {err}"
        return err
    raise AssertionError(f"{action.__name__} should have failed with {code}")


def as_token(token):
    # The client reads MLFLOW_TRACKING_TOKEN for every request (Authorization: Bearer <token>).
    os.environ["MLFLOW_TRACKING_TOKEN"] = token


def main(onnx_path, experiment_name, model_name, service_token):
    engineer_token = os.environ["MLFLOW_TRACKING_TOKEN"]
    client = MlflowClient()

    # Experiments: create, get, get by name, search.
    experiment_id = client.create_experiment(experiment_name, tags={"team": "fraud"})
    experiment = client.get_experiment(experiment_id)
    assert experiment.name == experiment_name and experiment.tags.get("team") == "fraud", experiment
    assert experiment.lifecycle_stage == "active"
    assert client.get_experiment_by_name(experiment_name).experiment_id == experiment_id
    assert client.get_experiment_by_name("no such experiment here") is None
    found = client.search_experiments(filter_string=f"name = '{experiment_name}'")
    assert [e.experiment_id for e in found] == [experiment_id], found
    expect_error("RESOURCE_ALREADY_EXISTS", client.create_experiment, experiment_name)

    # A run through the fluent API, as most MLflow code logs.
    mlflow.set_experiment(experiment_name)
    work = tempfile.mkdtemp()
    try:
        with mlflow.start_run(run_name="mlflow-client") as run:
            run_id = run.info.run_id
            assert run.info.experiment_id == experiment_id
            mlflow.log_param("lr", "0.01")
            mlflow.log_params({"depth": 4, "optimizer": "adam"})
            for step, auc in enumerate([0.71, 0.8, 0.86]):
                mlflow.log_metric("auc", auc, step=step)
            mlflow.log_metrics({"loss": 0.31, "val/loss": 0.35}, step=2)
            now = int(time.time() * 1000)
            client.log_batch(
                run_id,
                metrics=[Metric("accuracy", 0.9, now, 0), Metric("accuracy", 0.92, now, 1)],
                params=[Param("batch_size", "32")],
                tags=[RunTag("stage", "dev")],
            )
            mlflow.set_tag("team", "fraud")
            # Re-logging a param with the same value is fine; with another value MLflow refuses it.
            mlflow.log_param("lr", "0.01")
            expect_error("INVALID_PARAMETER_VALUE", mlflow.log_metric, "broken", float("nan"))

            # The model folder an MLflow flavour writes: MLmodel beside the ONNX file.
            model_dir = os.path.join(work, "model")
            os.mkdir(model_dir)
            shutil.copy(onnx_path, os.path.join(model_dir, "model.onnx"))
            with open(os.path.join(model_dir, "MLmodel"), "w") as f:
                f.write("flavors:\n  onnx:\n    data: model.onnx\n    onnx_version: 1.17.0\n")
            mlflow.log_artifacts(model_dir, artifact_path="model")
            # Something that is not an ONNX model, for the refusal below.
            bad_dir = os.path.join(work, "not-a-model")
            os.mkdir(bad_dir)
            with open(os.path.join(bad_dir, "model.onnx"), "wb") as f:
                f.write(b"certainly not protobuf \x00\xff")
            mlflow.log_artifacts(bad_dir, artifact_path="not-a-model")

        # What the run holds now, read back.
        got = client.get_run(run_id)
        assert got.info.status == "FINISHED" and got.info.end_time, got.info
        assert got.info.run_name == "mlflow-client", got.info.run_name
        assert got.data.params == {"lr": "0.01", "depth": "4", "optimizer": "adam", "batch_size": "32"}, got.data.params
        assert got.data.metrics["auc"] == 0.86 and got.data.metrics["val/loss"] == 0.35, got.data.metrics
        assert got.data.metrics["accuracy"] == 0.92, got.data.metrics
        assert "broken" not in got.data.metrics
        assert got.data.tags["team"] == "fraud" and got.data.tags["stage"] == "dev", got.data.tags
        history = client.get_metric_history(run_id, "auc")
        assert [(m.step, m.value) for m in history] == [(0, 0.71), (1, 0.8), (2, 0.86)], history

        # Artifacts: listed per folder, downloaded byte for byte.
        listed = {(a.path, a.is_dir) for a in client.list_artifacts(run_id)}
        assert listed == {("model", True), ("not-a-model", True)}, listed
        in_model = {a.path: a.file_size for a in client.list_artifacts(run_id, "model")}
        assert set(in_model) == {"model/MLmodel", "model/model.onnx"}, in_model
        assert in_model["model/model.onnx"] == os.path.getsize(onnx_path)
        downloaded = client.download_artifacts(run_id, "model/model.onnx", work)
        with open(downloaded, "rb") as a, open(onnx_path, "rb") as b:
            assert a.read() == b.read(), "the downloaded ONNX file differs from the uploaded one"
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # Two more runs, so the search below has something to leave out.
    other_ids = []
    for lr, auc in (("0.1", 0.93), ("0.01", 0.55)):
        with mlflow.start_run() as other:
            mlflow.log_param("lr", lr)
            mlflow.log_metric("auc", auc)
            other_ids.append(other.info.run_id)
    matched = client.search_runs([experiment_id], "metrics.auc > 0.8 and params.lr = '0.01'")
    assert [r.info.run_id for r in matched] == [run_id], [r.info.run_id for r in matched]
    ordered = client.search_runs([experiment_id], order_by=["metrics.auc DESC"])
    assert [r.info.run_id for r in ordered] == [other_ids[0], run_id, other_ids[1]], [r.data.metrics for r in ordered]
    page = client.search_runs([experiment_id], max_results=2)
    assert len(page) == 2 and page.token, "a page of 2 out of 3 runs should carry a next-page token"
    rest = client.search_runs([experiment_id], max_results=2, page_token=page.token)
    assert len(rest) == 1 and not rest.token
    expect_error("INVALID_PARAMETER_VALUE", client.search_runs, [experiment_id], "metrics.auc >>> 1")

    # Registry: register the run's model folder; MLflow's own flow (lists the folder, finds MLmodel).
    version = mlflow.register_model(f"runs:/{run_id}/model", model_name)
    assert version.version == "1" and version.run_id == run_id and version.status == "READY", version
    # The same name again is an error MLflow users catch by code.
    expect_error("RESOURCE_ALREADY_EXISTS", client.create_registered_model, model_name)
    # A second version straight from the client, naming the ONNX file itself.
    second = client.create_model_version(model_name, f"runs:/{run_id}/model/model.onnx", run_id=run_id, tags={"source": "client"})
    assert second.version == "2" and second.tags == {"source": "client"}, second
    refused = expect_error("INVALID_PARAMETER_VALUE", client.create_model_version, model_name, f"runs:/{run_id}/not-a-model", run_id=run_id)
    assert "onnx" in str(refused).lower(), refused
    expect_error("RESOURCE_DOES_NOT_EXIST", client.create_model_version, model_name, f"runs:/{run_id}/nothing-here", run_id=run_id)

    # Descriptions.
    client.update_registered_model(model_name, description="Flight delay classifier")
    client.update_model_version(model_name, "1", description="first ONNX export")
    model = client.get_registered_model(model_name)
    assert model.description == "Flight delay classifier", model
    assert client.get_model_version(model_name, "1").description == "first ONNX export"

    # Aliases.
    client.set_registered_model_alias(model_name, "champion", "1")
    assert client.get_model_version_by_alias(model_name, "champion").version == "1"
    assert client.get_registered_model(model_name).aliases == {"champion": "1"}
    client.delete_registered_model_alias(model_name, "champion")
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_model_version_by_alias, model_name, "champion")

    # Searches.
    models = client.search_registered_models(filter_string=f"name = '{model_name}'")
    assert [m.name for m in models] == [model_name], models
    liked = client.search_registered_models(filter_string=f"name LIKE '{model_name[:4]}%'")
    assert model_name in [m.name for m in liked], liked
    versions = client.search_model_versions(f"name = '{model_name}'")
    assert sorted(v.version for v in versions) == ["1", "2"], versions
    by_run = client.search_model_versions(f"run_id = '{run_id}'")
    assert sorted(v.version for v in by_run) == ["1", "2"], by_run
    # The version's file, fetched the way MLflow fetches any model: from its download URI.
    uri = client.get_model_version_download_uri(model_name, "1")
    fetched_dir = tempfile.mkdtemp()
    try:
        fetched = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=fetched_dir)
        with open(fetched, "rb") as a, open(onnx_path, "rb") as b:
            assert a.read() == b.read(), f"the file behind {uri} differs from the uploaded one"
    finally:
        shutil.rmtree(fetched_dir, ignore_errors=True)

    # Stages: an ml-engineer may stage, not promote to production; an ml-service-engineer may.
    staged = client.transition_model_version_stage(model_name, "1", "Staging")
    assert staged.current_stage == "Staging", staged
    expect_error("PERMISSION_DENIED", client.transition_model_version_stage, model_name, "1", "Production")
    expect_error("PERMISSION_DENIED", client.delete_model_version, model_name, "2")
    as_token(service_token)
    promoted = client.transition_model_version_stage(model_name, "1", "Production")
    assert promoted.current_stage == "Production", promoted
    # Deletes, as the role that may.
    client.delete_model_version(model_name, "2")
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_model_version, model_name, "2")
    as_token(engineer_token)
    client.create_registered_model(model_name + "-scratch")
    as_token(service_token)
    client.delete_registered_model(model_name + "-scratch")
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_registered_model, model_name + "-scratch")
    as_token(engineer_token)

    print(json.dumps({"experimentId": experiment_id, "runId": run_id, "otherRunIds": other_ids, "model": model_name}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
