"""Runs a command and succeeds only if it exits with the given code.

    exit-code.py CODE COMMAND [ARG...]

The command's stdout and stderr pass through, so the output can still be
piped to FileCheck. A crash (death by a signal) never matches: Python reports
it as a negative code, which is named in the failure message.
"""
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit("usage: exit-code.py CODE COMMAND [ARG...]")
expected = int(sys.argv[1])
sys.stdout.flush()
code = subprocess.call(sys.argv[2:])
if code != expected:
    what = f"signal {-code}" if code < 0 else f"exit code {code}"
    sys.stderr.write(f"exit-code.py: expected exit code {expected}, got {what}: "
                     f"{' '.join(sys.argv[2:])}\n")
    sys.exit(1)
