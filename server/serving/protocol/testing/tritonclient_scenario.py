"""The real tritonclient HTTP client against mlportal's v2 endpoint: prints one JSON object of what it saw.

Usage: tritonclient_scenario.py <host:port> <token> <deployment>
"""
import json
import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

url, token, model = sys.argv[1:4]


def auth():
    # A fresh dict per call: tritonclient's infer() writes Inference-Header-Content-Length into the dict it is given.
    return {"Authorization": f"Bearer {token}"}


client = httpclient.InferenceServerClient(url=url)
rows = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], dtype=np.float32)


def fp32_input(name, array, datatype="FP32", binary=True):
    tensor = httpclient.InferInput(name, list(array.shape), datatype)
    tensor.set_data_from_numpy(array, binary_data=binary)
    return tensor


def failure(call):
    try:
        call()
    except InferenceServerException as error:
        return {"status": error.status(), "message": error.message()}
    return None


seen = {
    "live": client.is_server_live(headers=auth()),
    "ready": client.is_server_ready(headers=auth()),
    "model_ready": client.is_model_ready(model, headers=auth()),
    "unknown_model_ready": client.is_model_ready("no-such-model", headers=auth()),
    "server_metadata": client.get_server_metadata(headers=auth()),
    "metadata": client.get_model_metadata(model, headers=auth()),
}

binary = client.infer(model, [fp32_input("X", rows)], outputs=[httpclient.InferRequestedOutput("Y")], headers=auth())
seen["binary"] = {"y": binary.as_numpy("Y").tolist(), "response": binary.get_response()}

as_json = client.infer(
    model,
    [fp32_input("X", rows, binary=False)],
    model_version="1",
    request_id="from-tritonclient",
    outputs=[httpclient.InferRequestedOutput("Y", binary_data=False)],
    headers=auth(),
)
seen["json"] = {"y": as_json.as_numpy("Y").tolist(), "response": as_json.get_response()}

all_outputs = client.infer(model, [fp32_input("X", rows[:1])], headers=auth())
seen["all_outputs"] = {"y": all_outputs.as_numpy("Y").tolist()}

seen["errors"] = {
    "bad_shape": failure(lambda: client.infer(model, [fp32_input("X", np.ones((2, 4), dtype=np.float32))], headers=auth())),
    "wrong_datatype": failure(lambda: client.infer(model, [fp32_input("X", rows.astype(np.float64), "FP64")], headers=auth())),
    "missing_input": failure(lambda: client.infer(model, [fp32_input("Z", rows)], headers=auth())),
    "nan": failure(lambda: client.infer(model, [fp32_input("X", np.array([[1.0, np.nan, 3.0]], dtype=np.float32), binary=False)], headers=auth())),
    "unknown_model": failure(lambda: client.infer("no-such-model", [fp32_input("X", rows)], headers=auth())),
    "unknown_version": failure(lambda: client.infer(model, [fp32_input("X", rows)], model_version="7", headers=auth())),
    "no_token": failure(lambda: client.get_model_metadata(model)),
}
client.close()
print(json.dumps(seen))
