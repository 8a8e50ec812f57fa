"""fuzz_report.py SPEC NDJSON...: figures of schemathesis runs from their NDJSON
event reports, per operation of the OpenAPI document SPEC (YAML). Run with the
project's .venv/bin/python, which has PyYAML (schemathesis needs it).

Counts every request schemathesis generated and sent (its recorded interactions,
each case once), by the operation its case was generated for; requests with
methods the document does not give a path (the unsupported_method probes) are
counted apart. Prints one JSON object:
  operations: {"METHOD /path": requests}, for every operation of SPEC
  untested: operations of SPEC no request went to
  inputless: operations that take no input at all (schemathesis leaves out the
    document's own URL, and nothing about such a request can be generated)
  probes: requests with undocumented methods
  total, status: {code: count}, server_errors,
  failures: {check: distinct failing cases}, examples: up to 10 distinct failures."""
import collections, json, sys

import yaml

METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}


def operations(spec_path):
    """Every operation, and those with no input at all: no key, no parameter, no body."""
    spec = yaml.safe_load(open(spec_path))
    ops, inputless = set(), set()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            ops.add(f"{method.upper()} {path}")
            if not op.get("security", spec.get("security")) and not op.get("parameters") and not item.get("parameters") \
                    and "requestBody" not in op:
                inputless.add(f"{method.upper()} {path}")
    return ops, inputless


def main():
    documented, inputless = operations(sys.argv[1])
    cases, sent = {}, {}
    failures = collections.defaultdict(set)
    examples = []
    for n, path in enumerate(sys.argv[2:]):
        with open(path) as events:
            for line in events:
                finished = json.loads(line).get("ScenarioFinished")
                if not finished:
                    continue
                recorder = finished["recorder"]
                for cid, case in recorder.get("cases", {}).items():
                    value = case["value"]
                    cases[(n, cid)] = f"{value['method'].upper()} {value['path']}"
                for cid, interaction in recorder.get("interactions", {}).items():
                    response = interaction.get("response")
                    sent[(n, cid)] = response["status_code"] if response else None
                for cid, checks in recorder.get("checks", {}).items():
                    for check in checks:
                        if check.get("status") != "failure":
                            continue
                        failures[check["name"]].add((n, cid))
                        failure = check.get("failure_info", {}).get("failure", {})
                        text = f"{failure.get('operation')}: {failure.get('title')} ({check['name']})"
                        if len(examples) < 10 and text not in examples:
                            examples.append(text)
    per_operation = collections.Counter()
    probes = 0
    status = collections.Counter()
    for key, code in sent.items():
        label = cases.get(key, "?")
        if label in documented:
            per_operation[label] += 1
        else:
            probes += 1
        status[str(code)] += 1
    print(json.dumps({
        "operations": {op: per_operation[op] for op in sorted(documented)},
        "untested": sorted(op for op in documented if per_operation[op] == 0),
        "inputless": sorted(inputless),
        "probes": probes,
        "total": sum(status.values()),
        "status": dict(sorted(status.items())),
        "server_errors": sum(count for code, count in status.items() if code.startswith("5")),
        "failures": {name: len(ids) for name, ids in sorted(failures.items())},
        "examples": examples,
    }))


if __name__ == "__main__":
    main()
