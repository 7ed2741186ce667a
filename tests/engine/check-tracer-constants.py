#!/usr/bin/env python3
"""check-tracer-constants.py TRACER KINDS_H PROTOCOL_H

The Python tracer writes the engine's records by number: every EV_* and
state constant it uses must be the number the C table of event kinds and
the protocol header give that name."""
import re, sys

tracer, kinds_h, protocol_h = sys.argv[1:4]
kinds = {m.group(1): int(m.group(2))
         for m in re.finditer(r"X \((\w+),\s+(\d+),", open(kinds_h).read())}
states = {m.group(1): int(m.group(2))
          for m in re.finditer(r"FORKLINE_STATE_(\w+)\s*=\s*(\d+)", open(protocol_h).read())}
source = open(tracer).read()
ev_names = {"EV_FORK": "PROC_FORK", "EV_START": "PROC_START", "EV_EXIT": "PROC_EXIT",
            "EV_STATE": "STATE", "EV_PRINT": "PRINT", "EV_OBJECT": "OBJECT_NEW"}
objects = {m.group(1): int(m.group(2))
           for m in re.finditer(r"FORKLINE_OBJECT_(\w+)\s*=\s*(\d+)", open(protocol_h).read())}
failed = False

def assigned(names_line):
    names, values = names_line.split("=")
    return zip([n.strip() for n in names.split(",")], [int(v) for v in values.split("#")[0].split(",")])

source = source.replace("= \\\n   ", "=")
for line in source.splitlines():
    if re.match(r"^(EV_\w+|RUNNING|OBJECT_\w+)(, \w+)* = [\d, ]+", line):
        for name, value in assigned(line):
            if name.startswith("EV_"):
                want = kinds.get(ev_names.get(name, name[3:]))
            elif name.startswith("OBJECT_"):
                want = objects.get(name[7:])
            else:
                want = states.get(name)
            if want != value:
                print(f"FAIL: {name} = {value} in the tracer, {want} in the C headers")
                failed = True
            else:
                print(f"ok: {name} = {value}")
sys.exit(1 if failed else 0)
