"""The real tritonclient HTTP client sending entity keys (a BYTES input "entity_keys", one JSON object per row)
to mlportal's v2 endpoint for feature-enriched prediction: prints one JSON object of what it saw.

Usage: tritonclient_entities.py <host:port> <token> <deployment>
"""
import json
import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

url, token, model = sys.argv[1:4]
client = httpclient.InferenceServerClient(url=url)


def auth():
    # A fresh dict per call: tritonclient's infer() writes Inference-Header-Content-Length into the dict it is given.
    return {"Authorization": f"Bearer {token}"}


def entity_keys(entities, binary):
    keys = np.array([json.dumps(entity).encode("utf-8") for entity in entities], dtype=np.object_)
    tensor = httpclient.InferInput("entity_keys", [len(entities)], "BYTES")
    tensor.set_data_from_numpy(keys, binary_data=binary)
    return tensor


binary = client.infer(model, [entity_keys([{"origin": "SFO"}, {"origin": "JFK"}], True)], headers=auth())
as_json = client.infer(model, [entity_keys([{"origin": "JFK"}], False)], outputs=[httpclient.InferRequestedOutput("prediction", binary_data=False)], headers=auth())
try:
    client.infer(model, [entity_keys([{"origin": "LAX"}], True)], headers=auth())
    missing = None
except InferenceServerException as error:
    missing = {"status": error.status(), "message": error.message()}
client.close()
print(json.dumps({
    "binary": binary.as_numpy("prediction").tolist(),
    "json": as_json.as_numpy("prediction").tolist(),
    "ids": len(binary.get_response()["parameters"]["prediction_ids"]),
    "missing": missing,
}))
