"""Run benchmarks: `python -m bench` runs them all, `python -m bench NAME [ARGS...]` runs one."""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    """Benchmark module names (every bench/*.py with a main())."""
    names = []
    for info in pkgutil.iter_modules([str(HERE)]):
        if info.name.startswith("_") or info.name in ("common",):
            continue
        names.append(info.name)
    return sorted(names)


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        print("benchmarks: " + ", ".join(available()))
        return 0
    if argv:
        module = importlib.import_module(f"bench.{argv[0]}")
        return int(module.main(argv[1:]) or 0)
    failed = []
    for name in available():
        print(f"\n=== bench {name} ===", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            if int(module.main([]) or 0):
                failed.append(name)
        except Exception as e:  # one broken bench must not hide the others' figures
            print(f"bench {name} failed: {type(e).__name__}: {e}")
            failed.append(name)
        print(f"(bench {name}: {time.perf_counter() - t0:.1f} s)")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
