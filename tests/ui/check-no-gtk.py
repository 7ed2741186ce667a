#!/usr/bin/env python3
"""check-no-gtk.py BUILD_ROOT PROGRAM…

The model, render and flow libraries are GTK-free: each PROGRAM (a test
that links only them) is compiled without GTK's headers on its include
path and references no gtk_/gdk_/gsk_ symbol.  A GTK include anywhere in
those libraries would fail their build; this proves the meson dependencies
say so too."""
import json, os, subprocess, sys

build_root, programs = sys.argv[1], sys.argv[2:]
commands = json.load(open(os.path.join(build_root, "compile_commands.json")))
failed = False

for program in programs:
    name = os.path.basename(program)
    lines = [c["command"] for c in commands if f"/{name}.p/" in c["output"] or c["output"].startswith(f"{name}.p/")]
    if not lines:
        print(f"FAIL: no compile command for {name}")
        failed = True
    for line in lines:
        if "gtk-4" in line or "gtk4" in line:
            print(f"FAIL: {name} is compiled with GTK on its include path:\n  {line}")
            failed = True
    undefined = subprocess.run(["nm", "-u", "--format=just-symbols", program],
                               capture_output=True, text=True, check=True).stdout.split()
    gtk = [s for s in undefined if s.startswith(("gtk_", "gdk_", "gsk_"))]
    if gtk:
        print(f"FAIL: {name} references GTK: {', '.join(gtk[:5])}")
        failed = True
    else:
        print(f"ok: {name}: {len(lines)} compile command(s) without GTK, no GTK symbol")

sys.exit(1 if failed else 0)
