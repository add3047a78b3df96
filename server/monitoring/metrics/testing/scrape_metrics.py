"""Scrapes mlportal's /metrics as Prometheus would and parses it with the real prometheus_client parser.

Usage: scrape_metrics.py URL (the token in MLPORTAL_TOKEN). Prints one JSON object:
{"contentType": ..., "families": [{"name", "type", "samples": [{"name", "labels", "value"}]}]}.
A document the parser refuses makes the script fail with the parser's message.
"""
import json
import math
import os
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main() -> None:
    request = urllib.request.Request(sys.argv[1], headers={"Authorization": f"Bearer {os.environ['MLPORTAL_TOKEN']}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        content_type = response.headers.get("Content-Type")
        text = response.read().decode("utf-8")
    families = []
    for family in text_string_to_metric_families(text):
        samples = []
        for sample in family.samples:
            value = sample.value
            # JSON has no infinities; +Inf only appears as a bucket bound (a label), never as a value here.
            samples.append({"name": sample.name, "labels": dict(sample.labels), "value": None if math.isnan(value) else value})
        families.append({"name": family.name, "type": family.type, "samples": samples})
    print(json.dumps({"contentType": content_type, "families": families}))


if __name__ == "__main__":
    main()
